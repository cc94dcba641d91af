#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

class QSettings;

namespace binnacle {

// Which command opened a shell in a workload's container, so that the next terminal on any of its pods starts it
// first: a distroless image with only `sh` is not asked for `bash` each time, and a user's `zsh` sticks. Pods come
// and go, so the memory is per workload (a Deployment, not its ReplicaSet's pod of the day) and container. Only
// command lines are stored, never what was typed into them.
class ShellMemory final
{
public:
    // `settings` outlives this object; the default is the application's QSettings.
    explicit ShellMemory(QSettings *settings = nullptr);
    ~ShellMemory();
    ShellMemory(const ShellMemory &) = delete;
    ShellMemory &operator=(const ShellMemory &) = delete;

    struct Key
    {
        QString context;
        QString namespaceName;
        QString workload; // workloadOf(pod)
        QString container;
    };

    // "Deployment/api" for a pod of a Deployment's ReplicaSet, "StatefulSet/db", "Job/migrate", "Pod/debug" for a
    // pod without a controller.
    static QString workloadOf(const QJsonObject &pod);

    QStringList remembered(const Key &key) const; // empty: nothing yet
    void remember(const Key &key, const QStringList &command);

    // What a terminal tries, in order: the remembered command, then the default shells, each once.
    static QList<QStringList> commandsToTry(const QStringList &remembered, const QList<QStringList> &defaults);

private:
    static QString settingsKey(const Key &key);

    QSettings *m_settings;
    bool m_ownsSettings;
};

} // namespace binnacle
