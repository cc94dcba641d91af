#include "yamlconverter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QVariant>

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// Deeper than this is refused: a cycle through an alias (`&a [*a]`) would otherwise recurse forever.
constexpr int MaxDepth = 256;

// ---------------------------------------------------------------------------------------------------------------
// Plain scalar resolution, as go-yaml v2's resolve() does it (sigs.k8s.io/yaml/goyaml.v2/resolve.go).

enum class ScalarType { String, Null, Bool, Int, Float, IntOutOfRange, NotFinite };

struct Scalar
{
    ScalarType type = ScalarType::String;
    bool boolean = false;
    qint64 integer = 0;
    double number = 0;
};

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isOneOf(std::string_view text, std::initializer_list<std::string_view> words)
{
    for (std::string_view word : words) {
        if (text == word)
            return true;
    }
    return false;
}

// Go's strconv.ParseInt(text, 0, 64): optional sign, then 0x, 0o, 0b or a leading 0 (octal), or decimal.
enum class IntSyntax { Invalid, Ok, OutOfRange };

IntSyntax parseGoInt(std::string_view text, qint64 &value)
{
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    int base = 10;
    if (text.size() >= 2 && text[0] == '0') {
        const char prefix = char(text[1] | 0x20);
        base = prefix == 'x' ? 16 : prefix == 'o' ? 8 : prefix == 'b' ? 2 : 0;
        if (base == 0) {
            base = 8; // a leading 0 alone means octal
            text.remove_prefix(1);
        } else {
            text.remove_prefix(2);
        }
    }
    if (text.empty())
        return IntSyntax::Invalid;
    quint64 magnitude = 0;
    bool overflow = false;
    for (char c : text) {
        int digit = 0;
        if (isDigit(c))
            digit = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            digit = (c | 0x20) - 'a' + 10;
        else
            return IntSyntax::Invalid;
        if (digit >= base)
            return IntSyntax::Invalid;
        if (magnitude > (std::numeric_limits<quint64>::max() - quint64(digit)) / quint64(base))
            overflow = true; // keep checking the syntax: "99999999999999999999x" is a string, not a range error
        else
            magnitude = magnitude * quint64(base) + quint64(digit);
    }
    const quint64 limit
        = negative ? quint64(std::numeric_limits<qint64>::max()) + 1 : quint64(std::numeric_limits<qint64>::max());
    if (overflow || magnitude > limit)
        return IntSyntax::OutOfRange;
    value = negative ? qint64(0 - magnitude) : qint64(magnitude);
    return IntSyntax::Ok;
}

// go-yaml's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool isYamlStyleFloat(std::string_view text)
{
    size_t i = 0;
    const size_t n = text.size();
    if (i < n && (text[i] == '+' || text[i] == '-'))
        ++i;
    if (i < n && text[i] == '.') {
        ++i;
        const size_t start = i;
        while (i < n && isDigit(text[i]))
            ++i;
        if (i == start)
            return false;
    } else {
        const size_t start = i;
        while (i < n && isDigit(text[i]))
            ++i;
        if (i == start)
            return false;
        if (i < n && text[i] == '.') {
            ++i;
            while (i < n && isDigit(text[i]))
                ++i;
        }
    }
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < n && (text[i] == '+' || text[i] == '-'))
            ++i;
        const size_t start = i;
        while (i < n && isDigit(text[i]))
            ++i;
        if (i == start)
            return false;
    }
    return i == n;
}

// Go's strconv.ParseFloat on text that isYamlStyleFloat accepted. Underflow gives zero, as in Go; overflow gives
// nothing, and go-yaml then leaves the scalar a string.
std::optional<double> parseGoFloat(std::string_view text)
{
    const bool negative = !text.empty() && text.front() == '-';
    if (!text.empty() && (text.front() == '+' || text.front() == '-'))
        text.remove_prefix(1);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc::result_out_of_range) {
        // Tell underflow from overflow by the decimal exponent: digits before the point plus the exponent.
        const size_t e = text.find_first_of("eE");
        const std::string_view mantissa = text.substr(0, e);
        long long exponent = 0;
        if (e != std::string_view::npos) {
            std::string_view digits = text.substr(e + 1);
            const bool minus = !digits.empty() && digits.front() == '-';
            if (!digits.empty() && (digits.front() == '+' || digits.front() == '-'))
                digits.remove_prefix(1);
            for (char c : digits) {
                exponent = std::min(exponent * 10 + (c - '0'), 1'000'000'000LL);
            }
            if (minus)
                exponent = -exponent;
        }
        const size_t firstNonZero = mantissa.find_first_not_of("0.");
        const size_t point = std::min(mantissa.find('.'), mantissa.size());
        const long long magnitude = firstNonZero == std::string_view::npos ? -1
            : firstNonZero < point                                         ? (long long)(point - firstNonZero)
                                                                           : -(long long)(firstNonZero - point);
        if (magnitude + exponent > 0)
            return std::nullopt;
        return negative ? -0.0 : 0.0;
    }
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return negative ? -value : value;
}

Scalar resolvePlain(std::string_view in)
{
    Scalar scalar;
    if (in.empty()) {
        scalar.type = ScalarType::Null;
        return scalar;
    }
    // Only these first characters can start a word of go-yaml's table (its resolve hint); most scalars skip it.
    const char first = in.front();
    if (std::string_view("yYnNtTfFoO~.+-").find(first) != std::string_view::npos) {
        if (isOneOf(in, {"~", "null", "Null", "NULL"})) {
            scalar.type = ScalarType::Null;
            return scalar;
        }
        if (isOneOf(in, {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})) {
            scalar.type = ScalarType::Bool;
            scalar.boolean = true;
            return scalar;
        }
        if (isOneOf(in, {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})) {
            scalar.type = ScalarType::Bool;
            return scalar;
        }
        if (isOneOf(in,
                    {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
                     "-.INF"})) {
            scalar.type = ScalarType::NotFinite;
            scalar.number = in[1] == 'n' || in[1] == 'N' ? qQNaN() : in[0] == '-' ? -qInf() : qInf();
            return scalar;
        }
    }
    if (first == '.') {
        // Go's ParseFloat on the text as it is (no underscores removed on this path).
        if (isYamlStyleFloat(in)) {
            if (const auto value = parseGoFloat(in)) {
                scalar.type = ScalarType::Float;
                scalar.number = *value;
            }
        }
        return scalar;
    }
    if (!isDigit(first) && first != '+' && first != '-')
        return scalar;

    std::string plain(in);
    std::erase(plain, '_');
    switch (parseGoInt(plain, scalar.integer)) {
    case IntSyntax::Ok:
        scalar.type = ScalarType::Int;
        return scalar;
    case IntSyntax::OutOfRange:
        scalar.type = ScalarType::IntOutOfRange;
        return scalar;
    case IntSyntax::Invalid:
        break;
    }
    if (isYamlStyleFloat(plain)) {
        if (const auto value = parseGoFloat(plain)) {
            scalar.type = ScalarType::Float;
            scalar.number = *value;
        }
    }
    return scalar;
}

// Go's strconv.FormatFloat(value, 'g', -1, 32), which sigs.k8s.io/yaml uses for float mapping keys.
QString formatGoFloat32(double value)
{
    if (std::isnan(value))
        return u".nan"_s;
    if (std::isinf(value))
        return value > 0 ? u".inf"_s : u"-.inf"_s;
    const float single = float(value);
    if (std::isinf(single))
        return single > 0 ? u"+Inf"_s : u"-Inf"_s;
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, single, std::chars_format::scientific);
    std::string_view text(buffer, result.ptr - buffer); // "-d.ddde+XX", shortest digits
    const bool negative = text.front() == '-';
    if (negative)
        text.remove_prefix(1);
    const size_t e = text.find('e');
    std::string digits;
    for (char c : text.substr(0, e)) {
        if (c != '.')
            digits += c;
    }
    int exponent = 0;
    std::from_chars(text.data() + e + 1 + (text[e + 1] == '+' ? 1 : 0), text.data() + text.size(), exponent);
    if (single == 0) {
        digits = "0";
        exponent = 0;
    }
    const int nd = int(digits.size());
    const int dp = exponent + 1; // decimal point position, as Go's decimal type has it
    std::string out = negative ? "-" : "";
    if (exponent < -4 || exponent >= 6) {
        out += digits[0];
        if (nd > 1)
            out += '.' + digits.substr(1);
        out += exponent < 0 ? "e-" : "e+";
        const int magnitude = std::abs(exponent);
        if (magnitude < 10)
            out += '0';
        out += std::to_string(magnitude);
    } else if (dp <= 0) {
        out += "0." + std::string(size_t(-dp), '0') + digits;
    } else if (dp >= nd) {
        out += digits + std::string(size_t(dp - nd), '0');
    } else {
        out += digits.substr(0, size_t(dp)) + '.' + digits.substr(size_t(dp));
    }
    return QString::fromStdString(out);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading: yaml-cpp nodes to JSON.

QString fromStd(const std::string &text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

constexpr std::string_view CoreTag = "tag:yaml.org,2002:";

class Reader
{
public:
    Reader(const QString &fileName, int firstLine, qsizetype budget, KeyOrder &keyOrder)
        : m_fileName(fileName)
        , m_firstLine(firstLine)
        , m_budget(budget)
        , m_keyOrder(keyOrder)
    { }

    const std::optional<Error> &error() const { return m_error; }

    Error errorAt(const QString &message, const YAML::Mark &mark) const
    {
        return Error::config(message, m_fileName, mark.line >= 0 ? m_firstLine + mark.line : -1,
                             mark.column >= 0 ? mark.column + 1 : -1);
    }

    QJsonValue read(const YAML::Node &node, const KeyOrder::Path &path, int depth)
    {
        if (m_error)
            return {};
        if (depth > MaxDepth)
            return fail(
                u"the document is nested more than %1 levels deep (or an alias refers to itself)"_s.arg(MaxDepth),
                node.Mark());
        if (--m_budget < 0)
            return fail(u"the document expands to too many values (through aliases)"_s, node.Mark());
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            return QJsonValue::Null;
        case YAML::NodeType::Scalar:
            return scalar(node);
        case YAML::NodeType::Sequence: {
            QJsonArray array;
            qsizetype index = 0;
            for (const YAML::Node &element : node) {
                const QJsonValue value = read(element, path.element(index++), depth + 1);
                if (m_error)
                    return {};
                array.append(value);
            }
            return array;
        }
        case YAML::NodeType::Map: {
            QStringList keys;
            QJsonObject object = mapping(node, path, depth, keys);
            if (m_error)
                return {};
            m_keyOrder.record(path, keys);
            return object;
        }
        }
        return {};
    }

private:
    QJsonValue fail(const QString &message, const YAML::Mark &mark)
    {
        if (!m_error)
            m_error = errorAt(message, mark);
        return {};
    }

    QJsonValue scalar(const YAML::Node &node)
    {
        const std::string &tag = node.Tag();
        const std::string &text = node.Scalar();
        // "?" is a plain scalar, "!" a quoted or block one.
        if (tag == "!" || tag.empty())
            return fromStd(text);
        std::string_view type;
        if (tag != "?") {
            if (!std::string_view(tag).starts_with(CoreTag))
                return fromStd(text); // an application tag (!foo): go-yaml leaves the scalar a string
            type = std::string_view(tag).substr(CoreTag.size());
            if (type == "binary")
                return binary(node);
            if (type != "int" && type != "float" && type != "bool" && type != "null")
                return fromStd(text); // !!str, !!timestamp, ...
        }
        const Scalar resolved = resolvePlain(text);
        const QString quoted = fromStd(text);
        const bool matches = type.empty() || (type == "int" && resolved.type == ScalarType::Int)
            || (type == "float" && (resolved.type == ScalarType::Float || resolved.type == ScalarType::Int))
            || (type == "bool" && resolved.type == ScalarType::Bool)
            || (type == "null" && resolved.type == ScalarType::Null) || resolved.type == ScalarType::IntOutOfRange
            || resolved.type == ScalarType::NotFinite;
        if (!matches)
            return fail(u"\"%1\" is not a valid !!%2"_s.arg(quoted, QString::fromUtf8(type.data(), type.size())),
                        node.Mark());
        switch (resolved.type) {
        case ScalarType::String:
            return quoted;
        case ScalarType::Null:
            return QJsonValue::Null;
        case ScalarType::Bool:
            return resolved.boolean;
        case ScalarType::Int:
            if (type == "float")
                return double(resolved.integer);
            return resolved.integer;
        case ScalarType::Float:
            return resolved.number;
        case ScalarType::IntOutOfRange:
            return fail(u"the integer %1 does not fit in 64 bits; quote it to keep it as a string"_s.arg(quoted),
                        node.Mark());
        case ScalarType::NotFinite:
            return fail(u"%1 cannot be represented in JSON; quote it to keep it as a string"_s.arg(quoted),
                        node.Mark());
        }
        return {};
    }

    // go-yaml decodes !!binary into a string of the decoded bytes, which JSON then carries as UTF-8 (invalid
    // sequences become U+FFFD, as Go's encoding/json does).
    QJsonValue binary(const YAML::Node &node)
    {
        QByteArray encoded = QByteArray::fromStdString(node.Scalar());
        encoded.replace('\n', QByteArray()).replace('\r', QByteArray());
        const auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return fail(u"the !!binary value is not valid base64"_s, node.Mark());
        return QString::fromUtf8(*decoded);
    }

    // The key as sigs.k8s.io/yaml turns it into a JSON member name; nothing when the node is a merge key ("<<").
    std::optional<QString> key(const YAML::Node &node, bool &isMerge)
    {
        isMerge = false;
        if (node.IsNull()) {
            fail(u"a mapping key cannot be null"_s, node.Mark());
            return std::nullopt;
        }
        if (!node.IsScalar()) {
            fail(u"a mapping key must be a scalar, not a mapping or a sequence"_s, node.Mark());
            return std::nullopt;
        }
        const std::string &tag = node.Tag();
        const std::string &text = node.Scalar();
        if (tag == "?" && text == "<<") {
            isMerge = true;
            return std::nullopt;
        }
        if (tag != "?" && tag != std::string(CoreTag) + "int" && tag != std::string(CoreTag) + "float"
            && tag != std::string(CoreTag) + "bool")
            return fromStd(text);
        const Scalar resolved = resolvePlain(text);
        switch (resolved.type) {
        case ScalarType::String:
            return fromStd(text);
        case ScalarType::Bool:
            return resolved.boolean ? u"true"_s : u"false"_s;
        case ScalarType::Int:
            return QString::number(resolved.integer);
        case ScalarType::Float:
        case ScalarType::NotFinite:
            return formatGoFloat32(resolved.number);
        case ScalarType::Null:
            fail(u"a mapping key cannot be null"_s, node.Mark());
            return std::nullopt;
        case ScalarType::IntOutOfRange:
            fail(u"the integer key %1 does not fit in 64 bits; quote it"_s.arg(fromStd(text)), node.Mark());
            return std::nullopt;
        }
        return std::nullopt;
    }

    QJsonObject mapping(const YAML::Node &node, const KeyOrder::Path &path, int depth, QStringList &keys)
    {
        // Collected in a map first: QJsonObject keeps its keys sorted, and inserting one by one out of order is
        // quadratic in the number of keys.
        QMap<QString, QJsonValue> object;
        QHash<QString, YAML::Mark> explicitKeys;
        for (auto it = node.begin(); it != node.end(); ++it) {
            bool isMerge = false;
            const std::optional<QString> name = key(it->first, isMerge);
            if (m_error)
                return {};
            if (isMerge) {
                merge(it->second, path, depth, object, keys, explicitKeys);
                if (m_error)
                    return {};
                continue;
            }
            if (const auto first = explicitKeys.constFind(*name); first != explicitKeys.constEnd()) {
                fail(u"duplicate key \"%1\" (first at line %2)"_s.arg(*name).arg(errorAt({}, first.value()).line()),
                     it->first.Mark());
                return {};
            }
            explicitKeys.insert(*name, it->first.Mark());
            const QJsonValue value = read(it->second, path.member(*name), depth + 1);
            if (m_error)
                return {};
            if (!object.contains(*name))
                keys.append(*name);
            object.insert(*name, value);
        }
        QJsonObject result;
        for (auto it = object.cbegin(); it != object.cend(); ++it)
            result.insert(it.key(), it.value());
        return result;
    }

    // `<<: *base` or `<<: [*a, *b]`: members of the merged mappings that the mapping does not set itself; of two
    // merged mappings, the first listed wins.
    void merge(const YAML::Node &source, const KeyOrder::Path &path, int depth, QMap<QString, QJsonValue> &object,
               QStringList &keys, const QHash<QString, YAML::Mark> &explicitKeys)
    {
        QList<YAML::Node> sources;
        if (source.IsMap()) {
            sources.append(source);
        } else if (source.IsSequence()) {
            for (const YAML::Node &element : source)
                sources.append(element);
        }
        if (sources.isEmpty()) {
            fail(u"a merge key (<<) needs a mapping or a list of mappings"_s, source.Mark());
            return;
        }
        QSet<QString> merged;
        for (const YAML::Node &element : std::as_const(sources)) {
            if (!element.IsMap()) {
                fail(u"a merge key (<<) needs a mapping or a list of mappings"_s, element.Mark());
                return;
            }
            if (depth + 1 > MaxDepth) {
                fail(u"the document is nested too deeply (or an alias refers to itself)"_s, element.Mark());
                return;
            }
            QStringList sourceKeys;
            const QJsonObject members = mapping(element, path, depth + 1, sourceKeys);
            if (m_error)
                return;
            for (const QString &name : std::as_const(sourceKeys)) {
                if (explicitKeys.contains(name) || merged.contains(name))
                    continue;
                merged.insert(name);
                if (!object.contains(name))
                    keys.append(name);
                object.insert(name, members.value(name));
            }
        }
    }

    QString m_fileName;
    int m_firstLine;
    qsizetype m_budget;
    KeyOrder &m_keyOrder;
    std::optional<Error> m_error;
};

// ---------------------------------------------------------------------------------------------------------------
// Splitting a text into documents.

struct Chunk
{
    QByteArray text;
    int firstLine = 1; // 1-based: where the chunk starts, what yaml-cpp's positions are relative to
    int documentLine = 0; // the "---" or the first line with content
    bool hasContent = false;
    bool started = false; // saw "---"
};

bool isMarker(QByteArrayView line, const char *marker)
{
    if (!line.startsWith(marker))
        return false;
    return line.size() == 3 || line.at(3) == ' ' || line.at(3) == '\t' || line.at(3) == '\r' || line.at(3) == '\n';
}

bool hasContent(QByteArrayView line)
{
    for (char c : line) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c != '#';
    }
    return false;
}

// A line starting with "---" or "..." ends a document wherever it is, even inside a block or quoted scalar (YAML's
// c-forbidden), so splitting on such lines finds the documents without parsing them.
QList<Chunk> splitDocuments(QByteArrayView text)
{
    if (text.startsWith("\xEF\xBB\xBF"))
        text = text.sliced(3);
    QList<Chunk> chunks;
    Chunk current;
    auto close = [&](int nextLine) {
        if (current.hasContent)
            chunks.append(current);
        current = Chunk();
        current.firstLine = nextLine;
    };
    int lineNumber = 1;
    qsizetype position = 0;
    while (position < text.size()) {
        qsizetype end = text.indexOf('\n', position);
        end = end < 0 ? text.size() : end + 1;
        const QByteArrayView line = text.sliced(position, end - position);
        if (isMarker(line, "---")) {
            if (current.hasContent || current.started)
                close(lineNumber);
            current.started = true;
            current.documentLine = lineNumber;
            current.hasContent = hasContent(line.sliced(3));
            current.text += line;
        } else if (isMarker(line, "...")) {
            current.text += line;
            close(lineNumber + 1);
        } else {
            current.text += line;
            // A directive (%YAML, %TAG) belongs to the document that follows it.
            if (hasContent(line) && !(line.startsWith('%') && !current.started && !current.hasContent)) {
                current.hasContent = true;
                if (current.documentLine == 0)
                    current.documentLine = lineNumber;
            }
        }
        position = end;
        ++lineNumber;
    }
    close(lineNumber);
    return chunks;
}

Result<YamlDocument> parseChunk(const Chunk &chunk, const QString &fileName)
{
    YamlDocument document;
    document.line = chunk.documentLine;
    Reader reader(fileName, chunk.firstLine, std::max<qsizetype>(100'000, chunk.text.size() * 10), document.keyOrder);
    try {
        const YAML::Node root = YAML::Load(std::string(chunk.text.constData(), size_t(chunk.text.size())));
        document.value = reader.read(root, {}, 0);
    } catch (const YAML::Exception &e) {
        return reader.errorAt(fromStd(e.msg), e.mark);
    } catch (const std::exception &e) {
        return reader.errorAt(QString::fromLocal8Bit(e.what()), YAML::Mark::null_mark());
    }
    if (reader.error())
        return *reader.error();
    return document;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing.

char32_t codePointAt(const QString &text, qsizetype &i)
{
    const QChar c = text.at(i);
    if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
        ++i;
        return QChar::surrogateToUcs4(c, text.at(i));
    }
    return c.unicode();
}

// YAML's c-printable, less the line breaks YAML 1.1 knows beyond \n (NEL, LS, PS) and the byte order mark.
bool isPrintable(char32_t c)
{
    if (c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xFEFF)
        return false;
    return (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
}

bool isBase60Float(const QString &text)
{
    // go-yaml v2 quotes these for YAML 1.1 readers: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    static const QRegularExpression pattern(u"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$"_s);
    return text.contains(u':') && pattern.match(text).hasMatch();
}

bool looksLikeTimestamp(const QString &text)
{
    // YAML 1.1 readers (and go-yaml's quoting) take 2024-01-31... for a timestamp.
    return text.size() >= 8 && text.at(4) == u'-'
        && text.first(4).toStdU16String().find_first_not_of(u"0123456789") == std::u16string::npos;
}

bool canBePlain(const QString &text)
{
    if (text.isEmpty())
        return false;
    const QChar first = text.front();
    const QChar last = text.back();
    if (first == u' ' || first == u'\t' || last == u' ' || last == u'\t' || last == u':')
        return false;
    if (u"-?:,[]{}#&*!|>'\"%@`"_s.contains(first)) {
        // "-v", "--flag=1", ":x" read fine as plain scalars; "- x", "-" and "---" do not.
        if (!(first == u'-' || first == u'?' || first == u':') || text.size() == 1 || text.at(1) == u' '
            || text.startsWith(u"---"_s))
            return false;
    }
    // "<<" would be a merge key.
    if (text.startsWith(u"..."_s) || text == u"<<")
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char32_t c = codePointAt(text, i);
        if (!isPrintable(c))
            return false;
        if (c == u':' && i + 1 < text.size() && text.at(i + 1) == u' ')
            return false;
        if (c == u'#' && i > 0 && text.at(i - 1) == u' ')
            return false;
    }
    const QByteArray utf8 = text.toUtf8();
    if (resolvePlain(std::string_view(utf8.constData(), size_t(utf8.size()))).type != ScalarType::String)
        return false;
    return !isBase60Float(text) && !looksLikeTimestamp(text);
}

// A literal block (|) keeps every character of a multi-line string, as long as all of them are printable and the
// first line does not start with a space (which would need an indentation indicator).
bool canBeLiteral(const QString &text)
{
    if (!text.contains(u'\n') || text.front() == u' ' || text.front() == u'\n')
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char32_t c = codePointAt(text, i);
        if (c != u'\n' && c != u'\t' && !isPrintable(c))
            return false;
    }
    return true;
}

void appendDoubleQuoted(QByteArray &out, const QString &text)
{
    out += '"';
    for (qsizetype i = 0; i < text.size(); ++i) {
        const qsizetype start = i;
        const char32_t c = codePointAt(text, i);
        switch (c) {
        case u'"':
            out += "\\\"";
            continue;
        case u'\\':
            out += "\\\\";
            continue;
        case u'\n':
            out += "\\n";
            continue;
        case u'\t':
            out += "\\t";
            continue;
        case u'\r':
            out += "\\r";
            continue;
        case 0:
            out += "\\0";
            continue;
        default:
            break;
        }
        if (isPrintable(c)) {
            out += QStringView(text).sliced(start, i - start + 1).toUtf8();
        } else if (QChar::isSurrogate(c)) {
            // An unpaired UTF-16 surrogate is no character at all: YAML (and UTF-8) cannot carry it.
            out += "\uFFFD";
        } else if (c > 0xFFFF) {
            out += "\\U" + QByteArray::number(uint(c), 16).rightJustified(8, '0');
        } else {
            out += "\\u" + QByteArray::number(uint(c), 16).rightJustified(4, '0');
        }
    }
    out += '"';
}

void appendScalarText(QByteArray &out, const QString &text)
{
    if (canBePlain(text))
        out += text.toUtf8();
    else
        appendDoubleQuoted(out, text);
}

QByteArray numberText(const QJsonValue &value)
{
    if (value.toVariant().userType() == QMetaType::LongLong)
        return QByteArray::number(value.toInteger());
    const double number = value.toDouble();
    if (!std::isfinite(number))
        return "null";
    if (std::floor(number) == number && std::abs(number) < 9007199254740992.0)
        return QByteArray::number(qint64(number));
    QByteArray text = QByteArray::number(number, 'g', QLocale::FloatingPointShortest);
    // "123456789012345680000" would read back as an integer (and one too large): keep it a float.
    if (!text.contains('.') && !text.contains('e'))
        text = QByteArray::number(number, 'e', QLocale::FloatingPointShortest);
    return text;
}

// YAML limits implicit keys ("key: value") to 1024 characters; longer ones are written as explicit keys.
constexpr qsizetype MaxImplicitKey = 1000;

class Writer
{
public:
    explicit Writer(const KeyOrder &keyOrder)
        : m_keyOrder(keyOrder)
    { }

    QByteArray take() { return std::move(m_out); }

    enum class Position { Top, MapValue, SequenceItem };

    // For a map value, "key:" has been written; for a sequence item, "- ". `indent` is where nested lines start.
    void value(const QJsonValue &value, int indent, const KeyOrder::Path &path, Position position)
    {
        const char *gap = position == Position::MapValue ? " " : "";
        if (value.isObject() && !value.toObject().isEmpty()) {
            if (position == Position::MapValue) {
                m_out += '\n';
                object(value.toObject(), indent + 2, path, false);
            } else {
                object(value.toObject(), indent, path, position == Position::SequenceItem);
            }
            return;
        }
        if (value.isArray() && !value.toArray().isEmpty()) {
            if (position == Position::MapValue) {
                // A list under a key starts at the key's own indentation, as kubectl writes it.
                m_out += '\n';
                array(value.toArray(), indent, path, false);
            } else {
                array(value.toArray(), indent, path, position == Position::SequenceItem);
            }
            return;
        }
        m_out += gap;
        if (value.isString() && canBeLiteral(value.toString())) {
            literal(value.toString(), position == Position::MapValue ? indent + 2 : std::max(indent, 2));
            return;
        }
        switch (value.type()) {
        case QJsonValue::Object:
            m_out += "{}";
            break;
        case QJsonValue::Array:
            m_out += "[]";
            break;
        case QJsonValue::Bool:
            m_out += value.toBool() ? "true" : "false";
            break;
        case QJsonValue::Double:
            m_out += numberText(value);
            break;
        case QJsonValue::String:
            appendScalarText(m_out, value.toString());
            break;
        case QJsonValue::Null:
        case QJsonValue::Undefined:
            m_out += "null";
            break;
        }
        m_out += '\n';
    }

private:
    void indentation(int indent) { m_out.append(indent, ' '); }

    void object(const QJsonObject &object, int indent, const KeyOrder::Path &path, bool firstInline)
    {
        const QStringList keys = m_keyOrder.arrange(path, object.keys());
        bool first = true;
        for (const QString &key : keys) {
            if (!(first && firstInline))
                indentation(indent);
            first = false;
            QByteArray keyText;
            appendScalarText(keyText, key);
            if (keyText.size() > MaxImplicitKey) {
                // An implicit key is limited to 1024 characters; "? key" on a line of its own is not.
                m_out += "? " + keyText + '\n';
                indentation(indent);
            } else {
                m_out += keyText;
            }
            m_out += ':';
            value(object.value(key), indent, path.member(key), Position::MapValue);
        }
    }

    void array(const QJsonArray &array, int indent, const KeyOrder::Path &path, bool firstInline)
    {
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!(i == 0 && firstInline))
                indentation(indent);
            m_out += "- ";
            value(array.at(i), indent + 2, path.element(i), Position::SequenceItem);
        }
    }

    void literal(const QString &text, int indent)
    {
        qsizetype trailing = 0;
        while (trailing < text.size() && text.at(text.size() - 1 - trailing) == u'\n')
            ++trailing;
        // Chomping: "-" strips the final line break, none keeps one, "+" keeps them all.
        m_out += trailing == 0 ? "|-\n" : trailing == 1 ? "|\n" : "|+\n";
        const QStringList lines = text.first(text.size() - trailing).split(u'\n');
        for (const QString &line : lines) {
            if (!line.isEmpty()) {
                indentation(indent);
                m_out += line.toUtf8();
            }
            m_out += '\n';
        }
        for (qsizetype i = 1; i < trailing; ++i)
            m_out += '\n';
    }

    const KeyOrder &m_keyOrder;
    QByteArray m_out;
};

} // namespace

Result<YamlDocument> YamlConverter::parseDocument(const QByteArray &yaml, const QString &fileName)
{
    const QList<Chunk> chunks = splitDocuments(yaml);
    if (chunks.isEmpty())
        return YamlDocument {QJsonValue::Null, {}, 1};
    if (chunks.size() > 1) {
        return Error::config(u"expected one YAML document, found %1 (a second one starts here)"_s.arg(chunks.size()),
                             fileName, chunks.at(1).documentLine, 1);
    }
    return parseChunk(chunks.first(), fileName);
}

QList<Result<YamlDocument>> YamlConverter::parseDocuments(const QByteArray &yaml, const QString &fileName)
{
    QList<Result<YamlDocument>> documents;
    for (const Chunk &chunk : splitDocuments(yaml))
        documents.append(parseChunk(chunk, fileName));
    return documents;
}

Result<QJsonValue> YamlConverter::toJson(const QByteArray &yaml, const QString &fileName)
{
    auto document = parseDocument(yaml, fileName);
    if (!document)
        return document.error();
    return std::move(document.value().value);
}

QByteArray YamlConverter::toYaml(const QJsonValue &value, const KeyOrder &keyOrder)
{
    Writer writer(keyOrder);
    writer.value(value, 0, {}, Writer::Position::Top);
    return writer.take();
}

QByteArray YamlConverter::toYaml(const QList<QJsonValue> &documents)
{
    QByteArray out;
    for (const QJsonValue &document : documents) {
        if (!out.isEmpty())
            out += "---\n";
        out += toYaml(document);
    }
    return out;
}

} // namespace binnacle
