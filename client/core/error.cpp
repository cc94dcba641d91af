#include "error.h"

using namespace Qt::StringLiterals;

namespace binnacle {

Error Error::config(QString message, QString file, int line, int column)
{
    Error error(Kind::Config, std::move(message));
    error.m_file = std::move(file);
    error.m_line = line;
    error.m_column = column;
    return error;
}

Error Error::api(ApiStatus status)
{
    QString message = status.message.isEmpty() ? u"The server answered %1 %2"_s.arg(status.code).arg(status.reason)
                                               : status.message;
    Error error(Kind::Api, std::move(message));
    error.m_status = std::move(status);
    return error;
}

QString Error::toString() const
{
    if (m_file.isEmpty())
        return m_message;
    QString where = m_file;
    if (m_line > 0)
        where += u':' + QString::number(m_line);
    if (m_column > 0)
        where += u':' + QString::number(m_column);
    return where + u": "_s + m_message;
}

} // namespace binnacle
