#pragma once

#include <QByteArray>
#include <QString>

namespace binnacle {

// The first `maxCharacters` of what a server sent instead of what was expected (an HTML page, a truncated line), fit
// for an error message: one line, control characters shown as escapes, "…" when cut.
QString textPreview(const QByteArray &bytes, int maxCharacters = 80);

} // namespace binnacle
