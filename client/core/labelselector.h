#pragma once

#include "client/core/labelset.h"
#include "client/core/result.h"

#include <QHash>
#include <QStringList>

namespace binnacle {

// A Kubernetes label selector as kubectl takes it: `app=web,tier!=db`, `env in (prod,staging)`, `!canary`, `team`.
class LabelSelector final
{
public:
    enum class Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist };
    struct Requirement
    {
        QString key;
        Op op;
        QStringList values;
    };

    static Result<LabelSelector> parse(const QString &text);

    bool matches(const LabelSet &labels) const;
    bool isEmpty() const { return m_requirements.isEmpty(); }
    const QList<Requirement> &requirements() const { return m_requirements; }

private:
    QList<Requirement> m_requirements;
};

} // namespace binnacle
