#include "sessionregistry.h"

#include "client/session/clustersession.h"

namespace binnacle {

SessionRegistry::SessionRegistry(SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_secrets(secrets)
    , m_completer([](const ClusterConfig &resolved, QObject *, auto done) { done(resolved); })
{ }

SessionRegistry::~SessionRegistry()
{
    const QStringList names = m_entries.keys();
    for (const QString &name : names)
        end(name);
}

void SessionRegistry::setCompleter(Completer completer)
{
    m_completer = std::move(completer);
}

ClusterSession *SessionRegistry::session(const QString &context) const
{
    const auto it = m_entries.constFind(context);
    return it == m_entries.cend() ? nullptr : it->session;
}

QStringList SessionRegistry::contexts() const
{
    return m_entries.keys();
}

void SessionRegistry::setKubeconfig(const Kubeconfig &kubeconfig)
{
    m_kubeconfig = kubeconfig;
    QStringList names = m_entries.keys();
    for (auto it = m_completing.cbegin(); it != m_completing.cend(); ++it) {
        if (!m_entries.contains(it.key()))
            names.append(it.key());
    }
    for (const QString &name : std::as_const(names)) {
        const ClusterConfig *current = m_entries.contains(name) ? &m_entries[name].resolved : &m_completing[name];
        if (!kubeconfig.context(name)) { // removed
            m_completing.remove(name);
            end(name);
            continue;
        }
        const Result<ClusterConfig> resolved = ClusterConfig::fromKubeconfig(kubeconfig, name);
        if (!resolved) { // still there, but no longer usable
            m_completing.remove(name);
            end(name);
            emit contextFailed(name, resolved.error());
            continue;
        }
        if (resolved.value() == *current)
            continue; // unchanged: untouched, whatever its state
        end(name);
        start(name, resolved.value()); // reconnects with the new settings
    }
}

void SessionRegistry::connectContext(const QString &context)
{
    if (ClusterSession *existing = session(context)) {
        existing->connectToCluster();
        return;
    }
    if (m_completing.contains(context))
        return;
    Result<ClusterConfig> resolved = ClusterConfig::fromKubeconfig(m_kubeconfig, context);
    if (!resolved) {
        emit contextFailed(context, resolved.error());
        return;
    }
    start(context, resolved.value());
}

void SessionRegistry::disconnectContext(const QString &context)
{
    m_completing.remove(context);
    end(context);
}

void SessionRegistry::start(const QString &context, const ClusterConfig &resolved)
{
    m_completing.insert(context, resolved);
    m_completer(resolved, this, [this, context, resolved](const Result<ClusterConfig> &completed) {
        const auto it = m_completing.find(context);
        if (it == m_completing.end() || !(it.value() == resolved))
            return; // superseded by a newer kubeconfig, or disconnected meanwhile
        m_completing.erase(it);
        if (!completed) {
            emit contextFailed(context, completed.error());
            return;
        }
        auto *session = new ClusterSession(completed.value(), m_secrets);
        m_entries.insert(context, {session, resolved});
        emit sessionStarted(context, session);
        session->connectToCluster();
    });
}

void SessionRegistry::end(const QString &context)
{
    const auto it = m_entries.find(context);
    if (it == m_entries.end())
        return;
    ClusterSession *session = it->session;
    m_entries.erase(it);
    emit sessionEnding(context, session);
    delete session; // stops its worker: no more requests, watches closed
}

} // namespace binnacle
