#include "objectedit.h"

#include "client/document/jsonpatch.h"
#include "client/document/yamlconverter.h"
#include "models/edit/yamlsections.h"

#include <QJsonDocument>
#include <QMutex>
#include <QMutexLocker>
#include <QStringDecoder>

#include <optional>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

const QString Data = u"data"_s;
const QString StringData = u"stringData"_s;
const QString Metadata = u"metadata"_s;
const QString Annotations = u"annotations"_s;

// The text of decoded Secret bytes, or nothing when they are not UTF-8 (such a value can only be shown masked: any
// text written for it would not encode back to the same bytes).
std::optional<QString> utf8Text(const QByteArray &bytes)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = utf8(bytes);
    if (utf8.hasError())
        return std::nullopt;
    return text;
}

QString lastApplied(const QJsonObject &object)
{
    return object.value(Metadata)
        .toObject()
        .value(Annotations)
        .toObject()
        .value(SecretMask::LastAppliedAnnotation.toString())
        .toString();
}

QJsonObject withLastApplied(QJsonObject object, const QString &value)
{
    QJsonObject metadata = object.value(Metadata).toObject();
    QJsonObject annotations = metadata.value(Annotations).toObject();
    annotations.insert(SecretMask::LastAppliedAnnotation.toString(), value);
    metadata.insert(Annotations, annotations);
    object.insert(Metadata, metadata);
    return object;
}

// Values of `edited` (data when `base64`, else stringData) back in the API form: a placeholder of base's value stands
// for that value unchanged; any other text is what the user wrote, base64-encoded when `encode` (the editor shows
// data decoded; the manifest in the last-applied annotation keeps data as base64). A value that encodes to base's
// bytes keeps base's spelling, so an unchanged value never shows in a patch.
QJsonObject unmaskValues(const QJsonObject &edited, const QJsonObject &base, bool base64, bool encode)
{
    QJsonObject result;
    for (auto it = edited.begin(); it != edited.end(); ++it) {
        const QJsonValue original = base.value(it.key());
        if (!it.value().isString()) {
            result.insert(it.key(), it.value()); // not a value the mask made: the server says what is wrong
            continue;
        }
        const QString written = it.value().toString();
        if (original.isString()) {
            const QByteArray originalBytes
                = base64 ? QByteArray::fromBase64(original.toString().toLatin1()) : original.toString().toUtf8();
            if (written == SecretMask::placeholder(originalBytes.size())
                || (encode && written.toUtf8() == originalBytes)) {
                result.insert(it.key(), original);
                continue;
            }
        }
        result.insert(it.key(), encode ? QString::fromLatin1(written.toUtf8().toBase64()) : written);
    }
    return result;
}

// The Secret with its values in the API form, every value still masked back as it is in `base`. `inManifest`: the
// object is the manifest inside the last-applied annotation, whose data SecretMask leaves base64 when revealed.
QJsonObject unmaskSecret(QJsonObject edited, const QJsonObject &base, bool inManifest)
{
    for (const bool base64 : {true, false}) {
        const QString &member = base64 ? Data : StringData;
        if (edited.value(member).isObject()) {
            edited.insert(member,
                          unmaskValues(edited.value(member).toObject(), base.value(member).toObject(), base64,
                                       base64 && !inManifest));
        }
    }

    // The annotation holds the applied manifest, masked value by value: unmask it the same way, and when that gives
    // back base's manifest, base's exact text (a re-serialised one would differ in spacing and show as a change).
    const QString baseApplied = lastApplied(base);
    const QJsonValue editedApplied = edited.value(Metadata)
                                         .toObject()
                                         .value(Annotations)
                                         .toObject()
                                         .value(SecretMask::LastAppliedAnnotation.toString());
    if (baseApplied.isEmpty() || !editedApplied.isString())
        return edited;
    const QString written = editedApplied.toString();
    const QJsonDocument baseManifest = QJsonDocument::fromJson(baseApplied.toUtf8());
    const QJsonDocument writtenManifest = QJsonDocument::fromJson(written.toUtf8());
    if (!baseManifest.isObject()) {
        if (written == SecretMask::placeholder(baseApplied.toUtf8().size()))
            return withLastApplied(edited, baseApplied);
        return edited;
    }
    if (!writtenManifest.isObject())
        return edited;
    const QJsonObject unmasked = unmaskSecret(writtenManifest.object(), baseManifest.object(), true);
    return withLastApplied(edited,
                           unmasked == baseManifest.object()
                               ? baseApplied
                               : QString::fromUtf8(QJsonDocument(unmasked).toJson(QJsonDocument::Compact)));
}

QString describe(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return u"(none)"_s;
    if (value.isString())
        return value.toString();
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return value.toVariant().toString();
}

// RFC 7386: what a merge patch must say to turn `from` into `to`. Removed members are null; arrays and everything
// that is not an object on both sides are replaced whole.
QJsonObject mergeDiff(const QJsonObject &from, const QJsonObject &to)
{
    QJsonObject patch;
    for (auto it = from.begin(); it != from.end(); ++it) {
        if (!to.contains(it.key()))
            patch.insert(it.key(), QJsonValue::Null);
    }
    for (auto it = to.begin(); it != to.end(); ++it) {
        const QJsonValue before = from.value(it.key());
        if (before == it.value())
            continue;
        if (before.isObject() && it.value().isObject()) {
            const QJsonObject nested = mergeDiff(before.toObject(), it.value().toObject());
            if (!nested.isEmpty())
                patch.insert(it.key(), nested);
        } else {
            patch.insert(it.key(), it.value());
        }
    }
    return patch;
}

} // namespace

struct ObjectEdit::SectionCache
{
    QMutex mutex;
    YamlSections sections;
};

ObjectEdit::ObjectEdit(ApiResource resource, QJsonObject base)
    : m_resource(std::move(resource))
    , m_base(std::move(base))
    , m_sections(std::make_shared<SectionCache>())
{ }

QString ObjectEdit::baseResourceVersion() const
{
    return m_base.value(Metadata).toObject().value(u"resourceVersion"_s).toString();
}

bool ObjectEdit::isSecret() const
{
    return SecretMask::isSecret(m_resource, m_base);
}

QByteArray ObjectEdit::text(const SecretMask &mask) const
{
    if (!isSecret())
        return YamlConverter::toYaml(m_base, KeyOrder::alphabetical());

    // SecretMask hides what is not revealed (and masks the annotation); a revealed value is decoded here, so the
    // user edits text, not base64.
    QJsonObject shown = mask.masked(m_base);
    const QJsonObject data = m_base.value(Data).toObject();
    if (!data.isEmpty()) {
        QJsonObject decoded;
        for (auto it = data.begin(); it != data.end(); ++it) {
            const QByteArray bytes = QByteArray::fromBase64(it.value().toString().toLatin1());
            const std::optional<QString> text = utf8Text(bytes);
            decoded.insert(it.key(),
                           mask.isRevealed(it.key()) && text ? QJsonValue(*text)
                                                             : QJsonValue(SecretMask::placeholder(bytes.size())));
        }
        shown.insert(Data, decoded);
    }
    return YamlConverter::toYaml(shown, KeyOrder::alphabetical());
}

Result<ObjectEdit::Parsed> ObjectEdit::parse(const QByteArray &text) const
{
    const Result<QJsonValue> document = [&] {
        const QMutexLocker lock(&m_sections->mutex);
        return m_sections->sections.toJson(text);
    }();
    if (!document)
        return document.error();
    if (!document->isObject()) {
        const Result<YamlDocument> whole = YamlConverter::parseDocument(text); // for the line it starts at
        return Error::config(u"the text must be a mapping of an object's fields (apiVersion, kind, metadata, …)"_s, {},
                             whole ? whole->line : 1, 1);
    }

    Parsed parsed;
    parsed.object = document->toObject();
    if (isSecret())
        parsed.object = unmaskSecret(parsed.object, m_base, false);

    const QJsonObject baseMetadata = m_base.value(Metadata).toObject();
    const QJsonObject metadata = parsed.object.value(Metadata).toObject();
    const auto compare = [&parsed](const QString &field, const QJsonValue &before, const QJsonValue &after) {
        if (before != after)
            parsed.identityChanges.append(u"%1: %2 → %3"_s.arg(field, describe(before), describe(after)));
    };
    // Any apiVersion change counts, a version within the same group too: a patch goes to base's URL, so the text
    // would be read as base's version whatever it says.
    compare(u"apiVersion"_s, m_base.value(u"apiVersion"_s), parsed.object.value(u"apiVersion"_s));
    compare(u"kind"_s, m_base.value(u"kind"_s), parsed.object.value(u"kind"_s));
    compare(u"metadata.name"_s, baseMetadata.value(u"name"_s), metadata.value(u"name"_s));
    compare(u"metadata.namespace"_s, baseMetadata.value(u"namespace"_s), metadata.value(u"namespace"_s));
    return parsed;
}

QJsonArray ObjectEdit::jsonPatch(const QJsonObject &edited) const
{
    if (edited == m_base)
        return {};
    return JsonPatch::diff(m_base, edited, JsonPatch::Precondition::ResourceVersion);
}

QJsonObject ObjectEdit::mergePatch(const QJsonObject &edited) const
{
    QJsonObject patch = mergeDiff(m_base, edited);
    if (patch.isEmpty())
        return patch;
    if (baseResourceVersion().isEmpty())
        return patch;
    QJsonObject metadata = patch.value(Metadata).toObject();
    metadata.insert(u"resourceVersion"_s, baseResourceVersion());
    patch.insert(Metadata, metadata);
    return patch;
}

QByteArray ObjectEdit::applyConfiguration(const QJsonObject &edited) const
{
    QJsonObject configuration = edited;
    configuration.remove(u"status"_s);
    QJsonObject metadata = configuration.value(Metadata).toObject();
    for (const QString &owned :
         {u"managedFields"_s, u"resourceVersion"_s, u"uid"_s, u"creationTimestamp"_s, u"generation"_s, u"selfLink"_s})
        metadata.remove(owned);
    if (configuration.contains(Metadata))
        configuration.insert(Metadata, metadata);
    return YamlConverter::toYaml(configuration, KeyOrder::alphabetical());
}

} // namespace binnacle
