#include "savedclusters.h"

#include "client/auth/secretstore.h"
#include "client/config/kubeconfigloader.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace binnacle {

SavedClusters::SavedClusters(SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_secrets(secrets)
{ }

QList<SavedClusters::Entry> SavedClusters::entries() const
{
    QSettings settings;
    QList<Entry> entries;
    const int count = settings.beginReadArray(u"savedClusters"_s);
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        entries.append({settings.value(u"name"_s).toString(), settings.value(u"server"_s).toString(),
                        settings.value(u"certificateAuthorityData"_s).toByteArray(),
                        settings.value(u"insecureSkipTlsVerify"_s).toBool(),
                        settings.value(u"namespace"_s).toString()});
    }
    settings.endArray();
    return entries;
}

static void writeEntries(const QList<SavedClusters::Entry> &entries)
{
    QSettings settings;
    settings.remove(u"savedClusters"_s);
    settings.beginWriteArray(u"savedClusters"_s, int(entries.size()));
    for (int i = 0; i < entries.size(); ++i) {
        settings.setArrayIndex(i);
        const SavedClusters::Entry &e = entries.at(i);
        settings.setValue(u"name"_s, e.name);
        settings.setValue(u"server"_s, e.server);
        settings.setValue(u"certificateAuthorityData"_s, e.certificateAuthorityData);
        settings.setValue(u"insecureSkipTlsVerify"_s, e.insecureSkipTlsVerify);
        settings.setValue(u"namespace"_s, e.namespaceName);
    }
    settings.endArray();
}

void SavedClusters::add(const Entry &entry, const QString &token, QObject *context,
                        std::function<void(const QString &error)> done)
{
    QList<Entry> all = entries();
    all.erase(std::remove_if(all.begin(), all.end(), [&](const Entry &e) { return e.name == entry.name; }), all.end());
    all.append(entry);
    writeEntries(all);
    m_secrets->write(secretKey(entry.name), token.toUtf8(), context, [this, done](const Status &status) {
        emit changed();
        done(status ? QString() : status.error().message());
    });
}

void SavedClusters::remove(const QString &name)
{
    QList<Entry> all = entries();
    all.erase(std::remove_if(all.begin(), all.end(), [&](const Entry &e) { return e.name == name; }), all.end());
    writeEntries(all);
    m_secrets->remove(secretKey(name), this);
    emit changed();
}

void SavedClusters::mergeInto(Kubeconfig &config) const
{
    Kubeconfig saved;
    for (const Entry &entry : entries()) {
        KubeCluster cluster;
        cluster.name = entry.name;
        cluster.server = entry.server;
        cluster.certificateAuthorityData = entry.certificateAuthorityData;
        cluster.insecureSkipTlsVerify = entry.insecureSkipTlsVerify;
        cluster.sourceFile = SourceName;
        saved.clusters.append(cluster);
        KubeUser user;
        user.name = userName(entry.name);
        user.sourceFile = SourceName; // the token is filled in from the keychain when connecting
        saved.users.append(user);
        saved.contexts.append({entry.name, entry.name, user.name, entry.namespaceName, SourceName});
    }
    const QStringList files = config.sourceFiles;
    KubeconfigLoader::mergeInto(config, saved);
    config.sourceFiles = files;
}

void SavedClusters::token(const QString &name, QObject *context, std::function<void(const QString &token)> done) const
{
    m_secrets->read(secretKey(name), context, [done = std::move(done)](const Result<QByteArray> &secret) {
        done(secret ? QString::fromUtf8(secret.value()) : QString());
    });
}

} // namespace binnacle
