#include "draftstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr int FormatVersion = 1;

QString safe(const QString &part)
{
    QString out;
    for (const QChar c : part)
        out += (c.isLetterOrNumber() && c.unicode() < 128) || c == u'-' || c == u'.' ? c : u'_';
    return out;
}

QJsonObject toJson(const DraftStore::Draft &draft, const QDateTime &savedAt)
{
    return {{u"format"_s, FormatVersion},    {u"context"_s, draft.context},
            {u"group"_s, draft.group},       {u"version"_s, draft.version},
            {u"resource"_s, draft.resource}, {u"kind"_s, draft.kind}, {u"namespace"_s, draft.namespaceName},
            {u"name"_s, draft.name},         {u"baseResourceVersion"_s, draft.baseResourceVersion},
            {u"text"_s, draft.text},         {u"savedAt"_s, savedAt.toUTC().toString(Qt::ISODateWithMs)}};
}

std::optional<DraftStore::Draft> fromJson(const QJsonObject &object)
{
    if (object.value(u"format"_s).toInt() != FormatVersion || !object.value(u"text"_s).isString())
        return std::nullopt;
    DraftStore::Draft draft;
    draft.context = object.value(u"context"_s).toString();
    draft.group = object.value(u"group"_s).toString();
    draft.version = object.value(u"version"_s).toString();
    draft.resource = object.value(u"resource"_s).toString();
    draft.kind = object.value(u"kind"_s).toString();
    draft.namespaceName = object.value(u"namespace"_s).toString();
    draft.name = object.value(u"name"_s).toString();
    draft.baseResourceVersion = object.value(u"baseResourceVersion"_s).toString();
    draft.text = object.value(u"text"_s).toString();
    draft.savedAt = QDateTime::fromString(object.value(u"savedAt"_s).toString(), Qt::ISODateWithMs);
    if (draft.resource.isEmpty() || draft.name.isEmpty() || !draft.savedAt.isValid())
        return std::nullopt;
    return draft;
}

} // namespace

QString DraftStore::Draft::key() const
{
    // The object, not its version: a draft written against v1beta1 is still that object's draft. The hash makes the
    // name unique (names and contexts may hold anything); the readable part only helps someone looking at the files.
    const QString identity = QStringList {context, group, resource, namespaceName, name}.join(u'\n');
    const QByteArray hash = QCryptographicHash::hash(identity.toUtf8(), QCryptographicHash::Sha256).toHex().left(24);
    QString readable = safe(resource + u'-' + (namespaceName.isEmpty() ? QString() : namespaceName + u'-') + name);
    readable.truncate(80);
    return readable + u'-' + QString::fromLatin1(hash) + u".json"_s;
}

DraftStore::DraftStore(QString directory)
    : m_directory(directory.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/drafts"_s
                                      : std::move(directory))
{ }

bool DraftStore::save(const Draft &draft) const
{
    QDir dir(m_directory);
    if (!dir.exists()) {
        if (!dir.mkpath(u"."_s))
            return false;
        QFile::setPermissions(m_directory, OwnerOnly | QFileDevice::ExeOwner);
    }
    QSaveFile file(dir.filePath(draft.key()));
    if (!file.open(QIODevice::WriteOnly))
        return false;
    // The temporary file gets the mode before anything is written to it, so the text is never readable by others.
    file.setPermissions(OwnerOnly);
    const QDateTime savedAt = draft.savedAt.isValid() ? draft.savedAt : QDateTime::currentDateTimeUtc();
    file.write(QJsonDocument(toJson(draft, savedAt)).toJson(QJsonDocument::Compact));
    return file.commit();
}

void DraftStore::discard(const Draft &draft) const
{
    QFile::remove(QDir(m_directory).filePath(draft.key()));
}

QList<DraftStore::Draft> DraftStore::all() const
{
    QList<Draft> drafts;
    const QDir dir(m_directory);
    for (const QString &entry : dir.entryList({u"*.json"_s}, QDir::Files)) {
        QFile file(dir.filePath(entry));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
        if (!document.isObject())
            continue;
        if (std::optional<Draft> draft = fromJson(document.object()))
            drafts.append(std::move(*draft));
    }
    std::stable_sort(drafts.begin(), drafts.end(),
                     [](const Draft &a, const Draft &b) { return a.savedAt > b.savedAt; });
    return drafts;
}

} // namespace binnacle
