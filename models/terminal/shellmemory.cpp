#include "models/terminal/shellmemory.h"

#include <QJsonArray>
#include <QSettings>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace binnacle {

ShellMemory::ShellMemory(QSettings *settings)
    : m_settings(settings ? settings : new QSettings)
    , m_ownsSettings(settings == nullptr)
{ }

ShellMemory::~ShellMemory()
{
    if (m_ownsSettings)
        delete m_settings;
}

QString ShellMemory::workloadOf(const QJsonObject &pod)
{
    const QJsonObject metadata = pod.value(u"metadata"_s).toObject();
    for (const QJsonValue &value : metadata.value(u"ownerReferences"_s).toArray()) {
        const QJsonObject owner = value.toObject();
        if (!owner.value(u"controller"_s).toBool())
            continue;
        const QString kind = owner.value(u"kind"_s).toString();
        const QString name = owner.value(u"name"_s).toString();
        // A Deployment's ReplicaSet is named after it plus the template's hash, which changes with every rollout.
        const QString hash = metadata.value(u"labels"_s).toObject().value(u"pod-template-hash"_s).toString();
        if (kind == u"ReplicaSet"_s && !hash.isEmpty() && name.endsWith(u'-' + hash))
            return u"Deployment/"_s + name.chopped(hash.size() + 1);
        return kind + u'/' + name;
    }
    return u"Pod/"_s + metadata.value(u"name"_s).toString();
}

QString ShellMemory::settingsKey(const Key &key)
{
    // Context names hold '/' and ':' (ARNs, user@cluster), which QSettings would read as groups.
    const auto part = [](const QString &text) { return QString::fromLatin1(QUrl::toPercentEncoding(text)); };
    return u"terminal/shells/"_s + part(key.context) + u'/' + part(key.namespaceName) + u'/' + part(key.workload) + u'/'
        + part(key.container);
}

QStringList ShellMemory::remembered(const Key &key) const
{
    return m_settings->value(settingsKey(key)).toStringList();
}

void ShellMemory::remember(const Key &key, const QStringList &command)
{
    if (command.isEmpty())
        m_settings->remove(settingsKey(key));
    else
        m_settings->setValue(settingsKey(key), command);
}

QList<QStringList> ShellMemory::commandsToTry(const QStringList &remembered, const QList<QStringList> &defaults)
{
    QList<QStringList> commands;
    if (!remembered.isEmpty())
        commands << remembered;
    for (const QStringList &command : defaults) {
        if (!commands.contains(command))
            commands << command;
    }
    return commands;
}

} // namespace binnacle
