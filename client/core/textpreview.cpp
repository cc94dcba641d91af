#include "textpreview.h"

using namespace Qt::StringLiterals;

namespace binnacle {

QString textPreview(const QByteArray &bytes, int maxCharacters)
{
    const QString text = QString::fromUtf8(bytes);
    QString preview;
    for (const QChar c : text) {
        if (preview.size() >= maxCharacters)
            return preview + u'…';
        if (c == u'\n')
            preview += u"\\n"_s;
        else if (c == u'\r')
            preview += u"\\r"_s;
        else if (c == u'\t')
            preview += u"\\t"_s;
        else if (c.category() == QChar::Other_Control)
            preview += u"\\x%1"_s.arg(uint(c.unicode()), 2, 16, QChar(u'0'));
        else
            preview += c;
    }
    return preview;
}

} // namespace binnacle
