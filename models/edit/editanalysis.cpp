#include "editanalysis.h"

#include "client/document/jsonpatch.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace binnacle {

EditAnalysis EditAnalysis::run(const ObjectEdit &edit, const QByteArray &openingText, const QByteArray &text,
                               PatchType type, bool withDiff)
{
    EditAnalysis analysis;
    analysis.text = text;
    analysis.type = type;
    Result<ObjectEdit::Parsed> parsed = edit.parse(text);
    if (!parsed) {
        analysis.error = parsed.error();
        return analysis;
    }
    analysis.parsed = std::move(parsed).value();
    if (withDiff)
        analysis.diff = TextDiff::compute(QString::fromUtf8(openingText), QString::fromUtf8(text));
    if (!analysis.parsed.identityChanges.isEmpty())
        return analysis;

    switch (type) {
    case PatchType::Json:
    case PatchType::StrategicMerge: {
        const QJsonArray patch = edit.jsonPatch(analysis.parsed.object);
        analysis.unchanged = patch.isEmpty();
        analysis.type = PatchType::Json;
        analysis.body = QJsonDocument(patch).toJson(QJsonDocument::Compact);
        analysis.bodyText = QString::fromUtf8(QJsonDocument(patch).toJson(QJsonDocument::Indented));
        // The first operation is the resourceVersion test; it changes nothing.
        const qsizetype changes = qMax<qsizetype>(0, patch.size() - 1);
        analysis.bodyLabel
            = QObject::tr("JSON Patch (%n operation(s) after the resourceVersion test)", nullptr, int(changes));
        if (!JsonPatch::fitsServerLimit(patch))
            analysis.bodyLabel += QObject::tr(" — more than the server accepts; use a merge patch");
        break;
    }
    case PatchType::Merge: {
        const QJsonObject patch = edit.mergePatch(analysis.parsed.object);
        analysis.unchanged = edit.jsonPatch(analysis.parsed.object).isEmpty();
        analysis.body = QJsonDocument(patch).toJson(QJsonDocument::Compact);
        analysis.bodyText = QString::fromUtf8(QJsonDocument(patch).toJson(QJsonDocument::Indented));
        analysis.bodyLabel = QObject::tr("Merge patch");
        break;
    }
    case PatchType::Apply:
        analysis.unchanged = edit.jsonPatch(analysis.parsed.object).isEmpty();
        analysis.body = edit.applyConfiguration(analysis.parsed.object);
        analysis.bodyText = QString::fromUtf8(analysis.body);
        analysis.bodyLabel = QObject::tr("Server-side apply (field manager binnacle)");
        break;
    }
    return analysis;
}

} // namespace binnacle
