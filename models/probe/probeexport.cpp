#include "models/probe/probeexport.h"

#include "models/probe/probecomparison.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// Calls `row` with each answer's index, in the order the rows are written.
template<typename Row> void forEachRow(const ProbeComparison &comparison, Row row)
{
    for (const ProbeComparison::Group &group : comparison.groups()) {
        for (const int i : group.members)
            row(i);
    }
}

QJsonObject headersObject(const ProbeAnswer &answer)
{
    QJsonObject headers;
    for (const auto &[name, value] : answer.headers) {
        const QString key = QString::fromLatin1(name);
        const QString text = QString::fromLatin1(value);
        headers.insert(key, headers.contains(key) ? headers.value(key).toString() + u", "_s + text : text);
    }
    return headers;
}

} // namespace

QString ProbeExport::csvField(const QString &text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') && !text.contains(u'\r'))
        return text;
    QString quoted = text;
    quoted.replace(u"\""_s, u"\"\""_s);
    return u'"' + quoted + u'"';
}

QByteArray ProbeExport::csv(const ProbeComparison &comparison)
{
    QString out = u"pod,node,cluster,namespace,status,latency_ms,size,hash,group,differs,error\r\n"_s;
    forEachRow(comparison, [&](int i) {
        const ProbeAnswer &answer = comparison.answers().at(i);
        const ProbeComparison::Verdict &verdict = comparison.verdicts().at(i);
        const QStringList fields = {
            answer.pod,
            answer.node,
            answer.cluster,
            answer.namespaceName,
            answer.statusCode > 0 ? QString::number(answer.statusCode) : QString(),
            QString::number(answer.latencyMs),
            QString::number(answer.size),
            verdict.hash,
            QString::number(verdict.group + 1),
            verdict.differs ? u"true"_s : u"false"_s,
            answer.error,
        };
        QStringList quoted;
        for (const QString &field : fields)
            quoted.append(csvField(field));
        out += quoted.join(u',') + u"\r\n"_s;
    });
    return out.toUtf8();
}

QByteArray ProbeExport::json(const ProbeComparison &comparison)
{
    QJsonArray rows;
    forEachRow(comparison, [&](int i) {
        const ProbeAnswer &answer = comparison.answers().at(i);
        const ProbeComparison::Verdict &verdict = comparison.verdicts().at(i);
        QJsonObject row {
            {u"pod"_s, answer.pod},           {u"node"_s, answer.node},
            {u"cluster"_s, answer.cluster},   {u"namespace"_s, answer.namespaceName},
            {u"status"_s, answer.statusCode}, {u"latencyMs"_s, answer.latencyMs},
            {u"size"_s, answer.size},         {u"hash"_s, verdict.hash},
            {u"group"_s, verdict.group + 1},  {u"differs"_s, verdict.differs},
            {u"error"_s, answer.error},       {u"headers"_s, headersObject(answer)},
        };
        QStringDecoder decoder(QStringDecoder::Utf8);
        const QString text = decoder(answer.body);
        if (decoder.hasError())
            row.insert(u"bodyBase64"_s, QString::fromLatin1(answer.body.toBase64()));
        else
            row.insert(u"body"_s, text);
        rows.append(row);
    });
    return QJsonDocument(rows).toJson(QJsonDocument::Indented);
}

} // namespace binnacle
