#include "secretmask.h"

#include "client/discovery/apiresource.h"

#include <QJsonDocument>
#include <QStringDecoder>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

QByteArray decoded(const QJsonValue &value, bool base64)
{
    const QByteArray bytes = value.toString().toUtf8();
    return base64 ? QByteArray::fromBase64(bytes) : bytes;
}

} // namespace

bool SecretMask::isSecret(const ApiResource &resource, const QJsonObject &object)
{
    const bool byResource = resource.group.isEmpty() && resource.resource == u"secrets";
    const bool byKind
        = object.value(u"kind"_s).toString() == u"Secret" && object.value(u"apiVersion"_s).toString(u"v1"_s) == u"v1";
    return byResource || byKind;
}

QString SecretMask::placeholder(qsizetype bytes)
{
    return u"•••••• (hidden, %1 %2)"_s.arg(bytes).arg(bytes == 1 ? u"byte"_s : u"bytes"_s);
}

QJsonObject SecretMask::maskValues(const QJsonObject &values, bool base64) const
{
    QJsonObject masked;
    for (auto it = values.begin(); it != values.end(); ++it)
        masked.insert(it.key(),
                      isRevealed(it.key()) ? it.value() : QJsonValue(placeholder(decoded(it.value(), base64).size())));
    return masked;
}

QJsonObject SecretMask::masked(const QJsonObject &secret) const
{
    QJsonObject result = secret;
    if (result.contains(u"data"_s))
        result.insert(u"data"_s, maskValues(secret.value(u"data"_s).toObject(), true));
    if (result.contains(u"stringData"_s))
        result.insert(u"stringData"_s, maskValues(secret.value(u"stringData"_s).toObject(), false));

    QJsonObject metadata = result.value(u"metadata"_s).toObject();
    QJsonObject annotations = metadata.value(u"annotations"_s).toObject();
    const QString lastApplied = LastAppliedAnnotation.toString();
    if (annotations.contains(lastApplied)) {
        const QString text = annotations.value(lastApplied).toString();
        const QJsonDocument applied = QJsonDocument::fromJson(text.toUtf8());
        // The manifest as applied, with its values masked the same way; anything unreadable is hidden whole.
        annotations.insert(lastApplied,
                           applied.isObject() ? QString::fromUtf8(
                               QJsonDocument(masked(applied.object())).toJson(QJsonDocument::Compact))
                                              : placeholder(text.toUtf8().size()));
        metadata.insert(u"annotations"_s, annotations);
        result.insert(u"metadata"_s, metadata);
    }
    return result;
}

QList<SecretMask::Entry> SecretMask::entries(const QJsonObject &secret) const
{
    QList<Entry> entries;
    for (const bool base64 : {true, false}) {
        const QJsonObject values = secret.value(base64 ? u"data"_s : u"stringData"_s).toObject();
        for (auto it = values.begin(); it != values.end(); ++it) {
            Entry entry;
            entry.key = it.key();
            const QByteArray bytes = decoded(it.value(), base64);
            entry.bytes = bytes.size();
            entry.revealed = isRevealed(entry.key);
            if (!entry.revealed) {
                entry.shown = placeholder(entry.bytes);
            } else {
                QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
                const QString text = utf8(bytes);
                entry.shown = utf8.hasError() ? u"(binary) "_s + QString::fromLatin1(bytes.toBase64()) : text;
            }
            entries.append(entry);
        }
    }
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.key < b.key; });
    return entries;
}

} // namespace binnacle
