// Builds two related JSON documents from the input, diffs them and applies the patch: the result must be the second
// document. Then applies operations built from the remaining bytes, which must fail cleanly or succeed, never crash.
#include "client/document/jsonpatch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

QByteArray compact(const QJsonValue &value)
{
    return QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
}

class Builder
{
public:
    explicit Builder(FuzzedDataProvider &data)
        : m_data(data)
    { }

    QString token()
    {
        // Mostly a few shared names (so documents overlap), sometimes anything, including "/", "~" and "-".
        static const char16_t *const names[] = {u"a", u"b", u"name", u"a/b", u"~", u"~1", u"", u"0", u"-", u"1"};
        if (m_data.ConsumeBool())
            return QString::fromUtf16(names[m_data.ConsumeIntegralInRange<size_t>(0, std::size(names) - 1)]);
        return QString::fromStdString(m_data.ConsumeRandomLengthString(8));
    }

    QJsonValue scalar()
    {
        switch (m_data.ConsumeIntegralInRange(0, 5)) {
        case 0:
            return QJsonValue::Null;
        case 1:
            return m_data.ConsumeBool();
        case 2:
            return m_data.ConsumeIntegral<qint64>();
        case 3: {
            const double number = m_data.ConsumeFloatingPoint<double>();
            return std::isfinite(number) ? QJsonValue(number) : QJsonValue(0.5);
        }
        default:
            return token();
        }
    }

    QJsonValue value(int depth)
    {
        const int kind = m_data.ConsumeIntegralInRange(0, depth >= 6 ? 4 : 7);
        if (kind < 5)
            return scalar();
        if (kind == 5) {
            QJsonArray array;
            for (int i = m_data.ConsumeIntegralInRange(0, 8); i > 0 && m_data.remaining_bytes() > 0; --i)
                array.append(value(depth + 1));
            return array;
        }
        QJsonObject object;
        for (int i = m_data.ConsumeIntegralInRange(0, 8); i > 0 && m_data.remaining_bytes() > 0; --i)
            object.insert(token(), value(depth + 1));
        return object;
    }

    QJsonValue mutate(const QJsonValue &from, int depth)
    {
        if (m_data.remaining_bytes() == 0)
            return from;
        if (m_data.ConsumeIntegralInRange(0, 15) == 0)
            return value(depth);
        if (from.isObject()) {
            QJsonObject object = from.toObject();
            for (const QString &key : object.keys()) {
                const int what = m_data.ConsumeIntegralInRange(0, 4);
                if (what == 0)
                    object.remove(key);
                else if (what == 1)
                    object.insert(key, mutate(object.value(key), depth + 1));
            }
            for (int i = m_data.ConsumeIntegralInRange(0, 2); i > 0; --i)
                object.insert(token(), value(depth + 1));
            return object;
        }
        if (from.isArray()) {
            QJsonArray array = from.toArray();
            for (int i = m_data.ConsumeIntegralInRange(0, 5); i > 0; --i) {
                const qsizetype size = array.size();
                const qsizetype at = size ? m_data.ConsumeIntegralInRange<qsizetype>(0, size - 1) : 0;
                switch (m_data.ConsumeIntegralInRange(0, 4)) {
                case 0:
                    array.insert(m_data.ConsumeIntegralInRange<qsizetype>(0, size), value(depth + 1));
                    break;
                case 1:
                    if (size)
                        array.removeAt(at);
                    break;
                case 2:
                    if (size)
                        array.replace(at, mutate(array.at(at), depth + 1));
                    break;
                case 3:
                    if (size) {
                        const QJsonValue moved = array.takeAt(at);
                        array.insert(m_data.ConsumeIntegralInRange<qsizetype>(0, size - 1), moved);
                    }
                    break;
                default:
                    array.append(value(depth + 1));
                }
            }
            return array;
        }
        return m_data.ConsumeBool() ? scalar() : from;
    }

    QString pointer()
    {
        QString path;
        for (int i = m_data.ConsumeIntegralInRange(0, 4); i > 0; --i) {
            QString token = this->token();
            if (m_data.ConsumeBool())
                token = token.replace(u'~', u"~0"_s).replace(u'/', u"~1"_s); // mostly well-formed
            path += u'/' + token;
        }
        return path;
    }

    QJsonArray operations()
    {
        static const char16_t *const names[] = {u"add", u"remove", u"replace", u"move", u"copy", u"test", u"x"};
        QJsonArray ops;
        while (m_data.remaining_bytes() > 0 && ops.size() < 16) {
            QJsonObject op {{u"op"_s, QString::fromUtf16(names[m_data.ConsumeIntegralInRange<size_t>(0, 6)])},
                            {u"path"_s, pointer()}};
            if (m_data.ConsumeBool())
                op.insert(u"from"_s, pointer());
            if (m_data.ConsumeBool())
                op.insert(u"value"_s, value(3));
            ops.append(op);
        }
        return ops;
    }

private:
    FuzzedDataProvider &m_data;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider provider(data, size);
    Builder builder(provider);
    const QJsonValue from = builder.value(0);
    const QJsonValue to = builder.mutate(from, 0);

    const QJsonArray patch = JsonPatch::diff(from, to, JsonPatch::Precondition::ResourceVersion);
    const auto applied = JsonPatch::apply(from, patch);
    if (!applied.ok() || applied.value() != to) {
        std::fprintf(stderr, "from:  %s\nto:    %s\npatch: %s\ngot:   %s\n", compact(from).constData(),
                     compact(to).constData(), compact(patch).constData(),
                     applied.ok() ? compact(applied.value()).constData() : qPrintable(applied.error().message()));
        std::abort();
    }
    if (!JsonPatch::diff(to, to).isEmpty())
        std::abort();

    const auto arbitrary = JsonPatch::apply(to, builder.operations());
    if (!arbitrary.ok())
        (void)arbitrary.error().message();
    return 0;
}
