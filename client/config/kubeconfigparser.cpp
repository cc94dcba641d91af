#include "kubeconfigparser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// Thrown inside the parser only; parse() turns it into an Error value.
struct ParseFailure
{
    QString message;
    YAML::Mark mark;
};

class DocumentReader
{
public:
    explicit DocumentReader(const QString &fileName)
        : m_fileName(fileName)
        , m_baseDir(QFileInfo(fileName).absolutePath())
    { }

    Kubeconfig read(const YAML::Node &root)
    {
        Kubeconfig config;
        config.sourceFiles = {m_fileName};
        if (!root || root.IsNull())
            return config; // an empty file is an empty config, as for kubectl
        if (!root.IsMap())
            fail(u"the kubeconfig must be a mapping with clusters, users and contexts"_s, root);

        forEachNamed(root, "clusters", "cluster",
                     [&](const QString &name, const YAML::Node &n) { config.clusters.append(readCluster(name, n)); });
        forEachNamed(root, "users", "user",
                     [&](const QString &name, const YAML::Node &n) { config.users.append(readUser(name, n)); });
        forEachNamed(root, "contexts", "context",
                     [&](const QString &name, const YAML::Node &n) { config.contexts.append(readContext(name, n)); });
        config.currentContext = string(root, "current-context");
        return config;
    }

private:
    [[noreturn]] void fail(const QString &message, const YAML::Node &node) const
    {
        throw ParseFailure {message, node.Mark()};
    }

    // `clusters: [{name: x, cluster: {...}}]` and its siblings; duplicate names are an error, as in client-go.
    template<typename Fn> void forEachNamed(const YAML::Node &root, const char *listKey, const char *entryKey, Fn &&fn)
    {
        const YAML::Node list = root[listKey];
        if (!list || list.IsNull())
            return;
        if (!list.IsSequence())
            fail(u"\"%1\" must be a list"_s.arg(QString::fromLatin1(listKey)), list);
        QStringList seen;
        for (const YAML::Node &entry : list) {
            if (!entry.IsMap())
                fail(u"each entry of \"%1\" must be a mapping with a name"_s.arg(QString::fromLatin1(listKey)), entry);
            const QString name = string(entry, "name");
            if (seen.contains(name))
                fail(u"duplicate name \"%1\" in \"%2\""_s.arg(name, QString::fromLatin1(listKey)), entry);
            seen.append(name);
            const YAML::Node body = entry[entryKey];
            if (body && !body.IsNull() && !body.IsMap())
                fail(u"\"%1\" must be a mapping"_s.arg(QString::fromLatin1(entryKey)), body);
            fn(name, body ? body : YAML::Node(YAML::NodeType::Map));
        }
    }

    QString string(const YAML::Node &map, const char *key) const
    {
        const YAML::Node node = map[key];
        if (!node || node.IsNull())
            return {};
        if (!node.IsScalar())
            fail(u"\"%1\" must be a string"_s.arg(QString::fromLatin1(key)), node);
        return QString::fromStdString(node.Scalar());
    }

    bool boolean(const YAML::Node &map, const char *key) const
    {
        const YAML::Node node = map[key];
        if (!node || node.IsNull())
            return false;
        // YAML 1.1 booleans, as sigs.k8s.io/yaml reads them. A quoted "true" is a string and rejected there too.
        if (node.IsScalar() && node.Tag() != "!") {
            const QString value = QString::fromStdString(node.Scalar()).toLower();
            if (value == u"true" || value == u"yes" || value == u"on")
                return true;
            if (value == u"false" || value == u"no" || value == u"off")
                return false;
        }
        fail(u"\"%1\" must be true or false"_s.arg(QString::fromLatin1(key)), node);
    }

    QStringList stringList(const YAML::Node &map, const char *key) const
    {
        const YAML::Node node = map[key];
        if (!node || node.IsNull())
            return {};
        if (!node.IsSequence())
            fail(u"\"%1\" must be a list of strings"_s.arg(QString::fromLatin1(key)), node);
        QStringList values;
        for (const YAML::Node &item : node) {
            if (!item.IsScalar())
                fail(u"\"%1\" must be a list of strings"_s.arg(QString::fromLatin1(key)), item);
            values.append(QString::fromStdString(item.Scalar()));
        }
        return values;
    }

    QByteArray base64(const YAML::Node &map, const char *key) const
    {
        const QString text = string(map, key);
        if (text.isEmpty())
            return {};
        auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            fail(u"\"%1\" is not valid base64"_s.arg(QString::fromLatin1(key)), map[key]);
        return *decoded;
    }

    QString path(const YAML::Node &map, const char *key) const { return resolve(string(map, key)); }

    QString resolve(const QString &path) const
    {
        if (path.isEmpty() || QDir::isAbsolutePath(path))
            return path;
        return QDir::cleanPath(QDir(m_baseDir).absoluteFilePath(path));
    }

    KubeCluster readCluster(const QString &name, const YAML::Node &n)
    {
        KubeCluster c;
        c.name = name;
        c.server = string(n, "server");
        c.certificateAuthority = path(n, "certificate-authority");
        c.certificateAuthorityData = base64(n, "certificate-authority-data");
        c.insecureSkipTlsVerify = boolean(n, "insecure-skip-tls-verify");
        c.tlsServerName = string(n, "tls-server-name");
        c.proxyUrl = string(n, "proxy-url");
        c.disableCompression = boolean(n, "disable-compression");
        c.sourceFile = m_fileName;
        return c;
    }

    KubeUser readUser(const QString &name, const YAML::Node &n)
    {
        KubeUser u;
        u.name = name;
        u.clientCertificate = path(n, "client-certificate");
        u.clientCertificateData = base64(n, "client-certificate-data");
        u.clientKey = path(n, "client-key");
        u.clientKeyData = base64(n, "client-key-data");
        u.token = string(n, "token");
        u.tokenFile = path(n, "tokenFile");
        u.username = string(n, "username");
        u.password = string(n, "password");
        u.impersonate = string(n, "as");
        u.impersonateGroups = stringList(n, "as-groups");
        u.impersonateUid = string(n, "as-uid");
        if (const YAML::Node exec = n["exec"]; exec && !exec.IsNull())
            u.exec = readExec(exec);
        if (const YAML::Node provider = n["auth-provider"]; provider && !provider.IsNull())
            u.authProvider = readAuthProvider(provider);
        u.sourceFile = m_fileName;
        return u;
    }

    ExecConfig readExec(const YAML::Node &n)
    {
        if (!n.IsMap())
            fail(u"\"exec\" must be a mapping"_s, n);
        ExecConfig e;
        e.command = string(n, "command");
        // A command with a path separator is a path relative to the kubeconfig; a bare name is looked up in PATH.
        if (e.command.contains(u'/'))
            e.command = resolve(e.command);
        e.args = stringList(n, "args");
        if (const YAML::Node env = n["env"]; env && !env.IsNull()) {
            if (!env.IsSequence())
                fail(u"\"env\" must be a list of {name, value}"_s, env);
            for (const YAML::Node &var : env) {
                if (!var.IsMap())
                    fail(u"\"env\" must be a list of {name, value}"_s, var);
                e.env.append({string(var, "name"), string(var, "value")});
            }
        }
        e.apiVersion = string(n, "apiVersion");
        e.installHint = string(n, "installHint");
        e.provideClusterInfo = boolean(n, "provideClusterInfo");
        e.interactiveMode = string(n, "interactiveMode");
        return e;
    }

    AuthProviderConfig readAuthProvider(const YAML::Node &n)
    {
        if (!n.IsMap())
            fail(u"\"auth-provider\" must be a mapping"_s, n);
        AuthProviderConfig p;
        p.name = string(n, "name");
        if (const YAML::Node config = n["config"]; config && !config.IsNull()) {
            if (!config.IsMap())
                fail(u"\"auth-provider.config\" must be a mapping"_s, config);
            for (const auto &kv : config)
                p.config.insert(QString::fromStdString(kv.first.Scalar()),
                                kv.second.IsScalar() ? QString::fromStdString(kv.second.Scalar()) : QString());
        }
        return p;
    }

    KubeContext readContext(const QString &name, const YAML::Node &n)
    {
        KubeContext c;
        c.name = name;
        c.cluster = string(n, "cluster");
        c.user = string(n, "user");
        c.namespaceName = string(n, "namespace");
        c.sourceFile = m_fileName;
        return c;
    }

    QString m_fileName;
    QString m_baseDir;
};

} // namespace

Result<Kubeconfig> KubeconfigParser::parse(const QByteArray &yaml, const QString &fileName)
{
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        return DocumentReader(fileName).read(root);
    } catch (const YAML::Exception &e) {
        return Error::config(QString::fromStdString(e.msg), fileName, e.mark.is_null() ? -1 : e.mark.line + 1,
                             e.mark.is_null() ? -1 : e.mark.column + 1);
    } catch (const ParseFailure &e) {
        return Error::config(e.message, fileName, e.mark.is_null() ? -1 : e.mark.line + 1,
                             e.mark.is_null() ? -1 : e.mark.column + 1);
    }
}

Result<Kubeconfig> KubeconfigParser::parseFile(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return Error::config(u"cannot read the kubeconfig: %1"_s.arg(file.errorString()), fileName);
    return parse(file.readAll(), fileName);
}

} // namespace binnacle
