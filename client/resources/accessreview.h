#pragma once

#include "client/core/result.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace binnacle {

class ClusterConnection;

// "Can I?" questions for the current user, answered by the server: SelfSubjectAccessReview for one verb on one
// resource, SelfSubjectRulesReview for everything allowed in a namespace. Used to grey out what would be refused.
class AccessReview final
{
public:
    struct Question
    {
        QString verb; // get, list, watch, create, update, patch, delete, ...
        QString group; // "" for the core group
        QString resource; // pods
        QString subresource; // exec, log, portforward, ...
        QString namespaceName; // empty: cluster-wide
        QString name;
    };
    struct Answer
    {
        bool allowed = false;
        bool denied = false; // explicitly denied (rather than merely not allowed)
        QString reason;
    };
    struct Rule
    {
        QStringList verbs;
        QStringList apiGroups;
        QStringList resources;
        QStringList resourceNames;
    };
    struct Rules
    {
        QList<Rule> resourceRules;
        bool incomplete = false;
        QString evaluationError;
        bool allows(const QString &verb, const QString &group, const QString &resource) const;
    };

    explicit AccessReview(ClusterConnection *connection);

    void canI(const Question &question, QObject *context, std::function<void(const Result<Answer> &)> done) const;
    void rules(const QString &namespaceName, QObject *context, std::function<void(const Result<Rules> &)> done) const;

private:
    ClusterConnection *m_connection;
};

} // namespace binnacle
