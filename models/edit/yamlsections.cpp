#include "yamlsections.h"

#include "client/document/yamlconverter.h"

#include <QJsonObject>

#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

constexpr int MaxSplitDepth = 8;

struct Line
{
    qsizetype begin = 0;
    qsizetype next = 0; // where the following line begins
    int indent = 0; // leading spaces
    bool content = false; // not blank, not a comment
};

class Splitter
{
public:
    Splitter(const QByteArray &text, const QHash<QByteArray, QJsonValue> &previous, QHash<QByteArray, QJsonValue> &next)
        : m_text(text)
        , m_previous(previous)
        , m_next(next)
    {
        qsizetype position = 0;
        while (position < text.size()) {
            qsizetype end = text.indexOf('\n', position);
            end = end < 0 ? text.size() : end + 1;
            Line line {position, end, 0, false};
            while (position + line.indent < end && text.at(position + line.indent) == ' ')
                ++line.indent;
            const qsizetype first = position + line.indent;
            line.content = first < end && text.at(first) != '\n' && text.at(first) != '\r' && text.at(first) != '#';
            m_lines.push_back(line);
            position = end;
        }
    }

    // Whether the text is one plain block mapping at the top, with nothing the split reading could misread.
    bool splittable() const
    {
        if (m_text.startsWith("\xEF\xBB\xBF"))
            return false;
        for (const Line &line : m_lines) {
            const QByteArrayView text = view(line);
            if (text.startsWith("---") || text.startsWith("...") || text.startsWith('%') || text.startsWith('\t'))
                return false;
        }
        return true;
    }

    std::optional<QJsonObject> mapping() { return mapping(0, int(m_lines.size()), 0, 0); }

private:
    QByteArrayView view(const Line &line) const
    {
        return QByteArrayView(m_text).sliced(line.begin, line.next - line.begin);
    }

    QByteArray slice(int first, int last) const
    {
        return m_text.mid(m_lines[first].begin, m_lines[last - 1].next - m_lines[first].begin);
    }

    // What `text` means on its own, once per distinct text.
    std::optional<QJsonValue> parsed(const QByteArray &text)
    {
        if (const auto it = m_next.constFind(text); it != m_next.constEnd())
            return it.value();
        if (const auto it = m_previous.constFind(text); it != m_previous.constEnd()) {
            m_next.insert(text, it.value());
            return it.value();
        }
        Result<QJsonValue> value = YamlConverter::toJson(text);
        if (!value)
            return std::nullopt;
        m_next.insert(text, value.value());
        return std::move(value).value();
    }

    // The one member a text of one mapping entry stands for.
    std::optional<std::pair<QString, QJsonValue>> member(const QByteArray &text)
    {
        const std::optional<QJsonValue> value = parsed(text);
        if (!value || !value->isObject() || value->toObject().size() != 1)
            return std::nullopt;
        const QJsonObject object = value->toObject();
        return std::pair {object.begin().key(), object.begin().value()};
    }

    // Lines [first, last) as a block mapping whose keys start at column `indent`.
    std::optional<QJsonObject> mapping(int first, int last, int indent, int depth)
    {
        QJsonObject result;
        int i = first;
        while (i < last) {
            const Line &line = m_lines[i];
            if (!line.content) {
                ++i;
                continue;
            }
            if (line.indent != indent)
                return std::nullopt;
            const QByteArrayView text = view(line).sliced(indent);
            // Sequences, explicit and merge keys, anchors, aliases, tags, flow and block indicators at the start of
            // an entry: read whole.
            if (QByteArrayView("-?&*!%[{|>@`").contains(text.front()) || text.startsWith("<<"))
                return std::nullopt;
            // The entry runs to the next line at this column that is not one of its list items ("key:\n- a" lists
            // its items at the key's own column, as kubectl writes them).
            int end = i + 1;
            while (end < last) {
                const Line &next = m_lines[end];
                if (next.content && next.indent <= indent
                    && !(next.indent == indent && view(next).sliced(indent).startsWith("- ")))
                    break;
                ++end;
            }
            std::optional<std::pair<QString, QJsonValue>> entry;
            if (depth < MaxSplitDepth && m_lines[end - 1].next - line.begin > YamlSections::SplitAbove)
                entry = split(i, end, indent, depth);
            if (!entry)
                entry = member(slice(i, end));
            if (!entry || result.contains(entry->first))
                return std::nullopt; // a duplicate is YamlConverter's to report
            result.insert(entry->first, entry->second);
            i = end;
        }
        return result;
    }

    // A big entry "key:" whose value is a block mapping on the following lines, read member by member.
    std::optional<std::pair<QString, QJsonValue>> split(int first, int last, int indent, int depth)
    {
        const QByteArrayView header = view(m_lines[first]);
        QByteArrayView trimmed = header.trimmed();
        if (!trimmed.endsWith(':') || trimmed.contains(": ") || trimmed.contains(" #"))
            return std::nullopt;
        int child = first + 1;
        while (child < last && !m_lines[child].content)
            ++child;
        if (child == last || m_lines[child].indent <= indent
            || view(m_lines[child]).sliced(m_lines[child].indent).startsWith('-'))
            return std::nullopt;
        // The key as YamlConverter reads it ("yes:" is "true", "'a b':" is "a b").
        const std::optional<std::pair<QString, QJsonValue>> key = member(header.trimmed().toByteArray() + " {}\n");
        if (!key)
            return std::nullopt;
        std::optional<QJsonObject> value = mapping(first + 1, last, m_lines[child].indent, depth + 1);
        if (!value)
            return std::nullopt;
        return std::pair {key->first, QJsonValue(*value)};
    }

    const QByteArray &m_text;
    const QHash<QByteArray, QJsonValue> &m_previous;
    QHash<QByteArray, QJsonValue> &m_next;
    std::vector<Line> m_lines;
};

} // namespace

Result<QJsonValue> YamlSections::toJson(const QByteArray &yaml)
{
    if (yaml.size() > SplitAbove) {
        QHash<QByteArray, QJsonValue> next;
        Splitter splitter(yaml, m_entries, next);
        if (splitter.splittable()) {
            std::optional<QJsonObject> object = splitter.mapping();
            m_entries = std::move(next); // what this text holds: the next edit's text mostly holds the same
            if (object)
                return QJsonValue(*object);
        }
    }
    return YamlConverter::toJson(yaml);
}

} // namespace binnacle
