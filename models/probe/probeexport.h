#pragma once

#include <QByteArray>
#include <QString>

namespace binnacle {

class ProbeComparison;

// The replica probe's answers as files to keep or share. Rows come in the order of the comparison's groups, the
// reference first, and a group is written as the number the user sees (group index + 1).
class ProbeExport final
{
public:
    // Header row, then one row per answer: pod, node, cluster, namespace, status (empty without an HTTP answer),
    // latency_ms, size, hash, group, differs (true/false), error. RFC 4180: CRLF line ends, fields quoted as needed.
    static QByteArray csv(const ProbeComparison &comparison);

    // An indented JSON array of one object per answer: the CSV's columns (status 0 without an HTTP answer), the
    // headers as an object (repeated names joined by ", "), and the body as "body" when it is UTF-8, else
    // "bodyBase64".
    static QByteArray json(const ProbeComparison &comparison);

    // A CSV field: quoted, with quotes doubled, when it holds a comma, a quote or a line break.
    static QString csvField(const QString &text);
};

} // namespace binnacle
