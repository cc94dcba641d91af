#pragma once

#include "client/config/clusterconfig.h"
#include "client/config/kubeconfig.h"
#include "client/core/result.h"

#include <QHash>
#include <QObject>

#include <functional>

namespace binnacle {

class ClusterSession;
class SecretStore;

// The cluster sessions of one window, keyed by context name, kept in step with the kubeconfig. When the kubeconfig
// changes, each session's context is resolved again and compared with what the session was started from: a
// context whose settings changed (server, token, certificates, exec, proxy, impersonation, namespace...) gets a new
// session with the new ones; a removed or now invalid one is disconnected; an unchanged one is left alone.
class SessionRegistry final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionRegistry)

public:
    // Completes what the kubeconfig does not hold before a session starts (a cluster added in Binnacle keeps its
    // token in the keychain). Calls `done` once, on `context`'s thread, unless `context` is gone. The default
    // hands `resolved` back as it is.
    using Completer = std::function<void(const ClusterConfig &resolved, QObject *context,
                                         std::function<void(const Result<ClusterConfig> &)> done)>;

    // `secrets` (may be null) must outlive the registry.
    explicit SessionRegistry(SecretStore *secrets, QObject *parent = nullptr);
    ~SessionRegistry() override;

    void setCompleter(Completer completer);

    // The kubeconfig changed (or is first known): reconciles the sessions with it.
    void setKubeconfig(const Kubeconfig &kubeconfig);
    const Kubeconfig &kubeconfig() const { return m_kubeconfig; }

    // Starts a session for `context` unless it has one (which is asked to connect again if it is not connected).
    void connectContext(const QString &context);
    // Ends `context`'s session, if any.
    void disconnectContext(const QString &context);

    ClusterSession *session(const QString &context) const;
    QStringList contexts() const; // those with a session

signals:
    void sessionStarted(const QString &context, binnacle::ClusterSession *session);
    // `session` is deleted right after: views must let go of it now.
    void sessionEnding(const QString &context, binnacle::ClusterSession *session);
    // `context` could not be started: its kubeconfig entry is invalid, or completing it failed.
    void contextFailed(const QString &context, const binnacle::Error &error);

private:
    struct Entry
    {
        ClusterSession *session;
        ClusterConfig resolved; // what the kubeconfig said when the session started, before completion
    };

    void start(const QString &context, const ClusterConfig &resolved);
    void end(const QString &context);

    SecretStore *m_secrets;
    Completer m_completer;
    Kubeconfig m_kubeconfig;
    QHash<QString, Entry> m_entries;
    QHash<QString, ClusterConfig> m_completing; // waiting for the completer; a newer config supersedes
};

} // namespace binnacle
