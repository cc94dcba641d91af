#include "models/probe/bodycanonicalizer.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// ASCII only: a byte above 0x7F is part of a UTF-8 sequence, not a space of its own.
bool isAsciiSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

QJsonValue withoutKeys(const QJsonValue &value, const QSet<QString> &keys)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end();) {
            if (keys.contains(it.key())) {
                it = object.erase(it);
            } else {
                it.value() = withoutKeys(it.value(), keys);
                ++it;
            }
        }
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = withoutKeys(array.at(i), keys);
        return array;
    }
    return value;
}

// RFC 6901: an array index is "0" or digits without a leading zero.
qsizetype arrayIndex(const QString &token, qsizetype size)
{
    if (token.isEmpty() || (token.size() > 1 && token.startsWith(u'0')))
        return -1;
    bool ok = false;
    const qsizetype index = token.toLongLong(&ok);
    return ok && index >= 0 && index < size ? index : -1;
}

// Removes what `tokens` (from `depth` on) point at inside `value`; a pointer to nothing changes nothing.
void removeAt(QJsonValue &value, const QStringList &tokens, qsizetype depth)
{
    const QString &token = tokens.at(depth);
    const bool last = depth + 1 == tokens.size();
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        if (!object.contains(token))
            return;
        if (last) {
            object.remove(token);
        } else {
            QJsonValue child = object.value(token);
            removeAt(child, tokens, depth + 1);
            object.insert(token, child);
        }
        value = object;
    } else if (value.isArray()) {
        QJsonArray array = value.toArray();
        const qsizetype index = arrayIndex(token, array.size());
        if (index < 0)
            return;
        if (last) {
            array.removeAt(index);
        } else {
            QJsonValue child = array.at(index);
            removeAt(child, tokens, depth + 1);
            array[index] = child;
        }
        value = array;
    }
}

} // namespace

BodyCanonicalizer::BodyCanonicalizer(const QStringList &exclusions)
{
    for (const QString &entry : exclusions) {
        const QString exclusion = entry.trimmed();
        if (exclusion.isEmpty())
            continue;
        if (!exclusion.startsWith(u'/')) {
            m_keys.insert(exclusion);
            continue;
        }
        QStringList tokens = exclusion.mid(1).split(u'/');
        for (QString &token : tokens)
            token.replace(u"~1"_s, u"/"_s).replace(u"~0"_s, u"~"_s); // in this order, so "~01" stays "~1"
        m_pointers.append(tokens);
    }
}

BodyCanonicalizer::Form BodyCanonicalizer::canonicalize(const QByteArray &body) const
{
    Form form;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError && (document.isObject() || document.isArray())) {
        QJsonValue root = document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
        for (const QStringList &pointer : m_pointers)
            removeAt(root, pointer, 0);
        if (!m_keys.isEmpty())
            root = withoutKeys(root, m_keys);
        const QJsonDocument canonical
            = root.isObject() ? QJsonDocument(root.toObject()) : QJsonDocument(root.toArray());
        form.json = true;
        form.canonical = canonical.toJson(QJsonDocument::Compact);
        form.pretty = QString::fromUtf8(canonical.toJson(QJsonDocument::Indented));
    } else {
        qsizetype end = body.size();
        while (end > 0 && isAsciiSpace(body.at(end - 1)))
            --end;
        form.canonical = body.left(end);
        form.pretty = QString::fromUtf8(form.canonical);
    }
    form.hash = hashOf(form.canonical);
    return form;
}

QString BodyCanonicalizer::hashOf(const QByteArray &canonical)
{
    return QString::fromLatin1(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex().left(12));
}

} // namespace binnacle
