#include "accessreview.h"

#include "client/transport/clusterconnection.h"

#include "client/core/jsonvalues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

bool matches(const QStringList &patterns, const QString &value)
{
    return patterns.contains(u"*"_s) || patterns.contains(value);
}

ApiCall reviewCall(const QString &resource, const QJsonObject &spec)
{
    ApiCall call;
    call.verb = "POST";
    call.path = u"/apis/authorization.k8s.io/v1/"_s + resource;
    call.contentType = "application/json";
    const QString kind
        = resource == u"selfsubjectaccessreviews" ? u"SelfSubjectAccessReview"_s : u"SelfSubjectRulesReview"_s;
    call.body = QJsonDocument(
                    QJsonObject {{u"apiVersion"_s, u"authorization.k8s.io/v1"_s}, {u"kind"_s, kind}, {u"spec"_s, spec}})
                    .toJson(QJsonDocument::Compact);
    return call;
}

} // namespace

bool AccessReview::Rules::allows(const QString &verb, const QString &group, const QString &resource) const
{
    for (const Rule &rule : resourceRules) {
        if (matches(rule.verbs, verb) && matches(rule.apiGroups, group) && matches(rule.resources, resource)
            && rule.resourceNames.isEmpty())
            return true;
    }
    return false;
}

AccessReview::AccessReview(ClusterConnection *connection)
    : m_connection(connection)
{ }

void AccessReview::canI(const Question &question, QObject *context,
                        std::function<void(const Result<Answer> &)> done) const
{
    QJsonObject attributes {
        {u"verb"_s, question.verb}, {u"group"_s, question.group}, {u"resource"_s, question.resource}};
    if (!question.subresource.isEmpty())
        attributes.insert(u"subresource"_s, question.subresource);
    if (!question.namespaceName.isEmpty())
        attributes.insert(u"namespace"_s, question.namespaceName);
    if (!question.name.isEmpty())
        attributes.insert(u"name"_s, question.name);
    const ApiCall call = reviewCall(u"selfsubjectaccessreviews"_s, {{u"resourceAttributes"_s, attributes}});
    m_connection->request(call, context, [done = std::move(done)](const Result<ApiResponse> &reply) {
        if (!reply) {
            done(reply.error());
            return;
        }
        const QJsonObject status = QJsonDocument::fromJson(reply->body).object().value(u"status"_s).toObject();
        done(Answer {status.value(u"allowed"_s).toBool(), status.value(u"denied"_s).toBool(),
                     status.value(u"reason"_s).toString()});
    });
}

void AccessReview::rules(const QString &namespaceName, QObject *context,
                         std::function<void(const Result<Rules> &)> done) const
{
    const ApiCall call = reviewCall(u"selfsubjectrulesreviews"_s, {{u"namespace"_s, namespaceName}});
    m_connection->request(call, context, [done = std::move(done)](const Result<ApiResponse> &reply) {
        if (!reply) {
            done(reply.error());
            return;
        }
        const QJsonObject status = QJsonDocument::fromJson(reply->body).object().value(u"status"_s).toObject();
        Rules rules;
        rules.incomplete = status.value(u"incomplete"_s).toBool();
        rules.evaluationError = status.value(u"evaluationError"_s).toString();
        for (const QJsonValue &value : status.value(u"resourceRules"_s).toArray()) {
            const QJsonObject r = value.toObject();
            rules.resourceRules.append({toStringList(r.value(u"verbs"_s)), toStringList(r.value(u"apiGroups"_s)),
                                        toStringList(r.value(u"resources"_s)),
                                        toStringList(r.value(u"resourceNames"_s))});
        }
        done(rules);
    });
}

} // namespace binnacle
