#pragma once

#include "models/events/eventlistmodel.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace binnacle {

class SecretMask;

// The details pane's summary of one object, as HTML: status, labels, annotations, owners, containers with images
// and ports, conditions, related objects and events; for a Secret its keys, each value hidden unless revealed, with a
// "reveal:KEY" / "hide:KEY" link (percent-encoded key) beside it.
class ObjectSummary final
{
public:
    struct Input
    {
        QJsonObject object;
        QString namespaceName;
        bool deleted = false; // shown as the last known state
        QString relatedTitle; // empty: no related section
        QStringList related; // already formatted lines
        QList<EventListModel::Event> events; // newest first
        const SecretMask *secretMask = nullptr; // set for a Secret: its values are shown through it only
    };

    static QString html(const Input &input);

    // The phase or the most telling status word of an object ("CrashLoopBackOff", "Running", "2/3 ready").
    static QString statusWord(const QJsonObject &object);

    // The key a "reveal:KEY" or "hide:KEY" link stands for, and whether it reveals.
    static QString revealLink(const QString &key, bool reveal);
    static bool parseRevealLink(const QString &link, QString *key, bool *reveal);
};

} // namespace binnacle
