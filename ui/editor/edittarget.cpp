#include "edittarget.h"

using namespace Qt::StringLiterals;

namespace binnacle {

EditTarget EditTarget::fromState(const QVariantMap &state)
{
    EditTarget target;
    target.context = state.value(u"context"_s).toString();
    target.resource.group = state.value(u"group"_s).toString();
    target.resource.version = state.value(u"version"_s).toString();
    target.resource.resource = state.value(u"resource"_s).toString();
    target.resource.kind = state.value(u"kind"_s).toString();
    target.resource.namespaced = state.value(u"namespaced"_s).toBool();
    target.namespaceName = state.value(u"namespace"_s).toString();
    target.name = state.value(u"name"_s).toString();
    return target;
}

QVariantMap EditTarget::toState() const
{
    return {{u"type"_s, u"editor"_s},
            {u"context"_s, context},
            {u"group"_s, resource.group},
            {u"version"_s, resource.version},
            {u"resource"_s, resource.resource},
            {u"kind"_s, resource.kind},
            {u"namespaced"_s, resource.namespaced},
            {u"namespace"_s, namespaceName},
            {u"name"_s, name}};
}

QString EditTarget::identity() const
{
    return u"editor:%1:%2/%3:%4/%5"_s.arg(context, resource.groupVersion(), resource.resource, namespaceName, name);
}

} // namespace binnacle
