#include "jsonpatch.h"

#include "jsonpointer.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// Middles of two arrays larger than this (elements of one times elements of the other) are not aligned on a longest
// common subsequence: the table would cost too much memory. They are patched element by element instead.
constexpr qsizetype MaxLcsCells = 4'000'000;

QJsonObject operation(const QString &op, const QString &path)
{
    return QJsonObject {{u"op"_s, op}, {u"path"_s, path}};
}

QJsonObject operation(const QString &op, const QString &path, const QJsonValue &value)
{
    return QJsonObject {{u"op"_s, op}, {u"path"_s, path}, {u"value"_s, value}};
}

qsizetype compactSize(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact).size();
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact).size();
    return 8;
}

void diffValue(const QJsonValue &from, const QJsonValue &to, const QString &path, QJsonArray &ops);

void diffObject(const QJsonObject &from, const QJsonObject &to, const QString &path, QJsonArray &ops)
{
    for (auto it = from.begin(); it != from.end(); ++it) {
        const auto other = to.constFind(it.key());
        if (other == to.constEnd())
            ops.append(operation(u"remove"_s, JsonPointer::append(path, it.key())));
        else
            diffValue(it.value(), other.value(), JsonPointer::append(path, it.key()), ops);
    }
    for (auto it = to.begin(); it != to.end(); ++it) {
        if (!from.contains(it.key()))
            ops.append(operation(u"add"_s, JsonPointer::append(path, it.key()), it.value()));
    }
}

// Turns the element at `path` from `from` into `to`: in place when that is shorter, by one replace otherwise
// (two containers with nothing in common would otherwise give a remove and an add per member).
void patchElement(const QJsonValue &from, const QJsonValue &to, const QString &path, QJsonArray &ops)
{
    QJsonArray nested;
    diffValue(from, to, path, nested);
    if (nested.size() > 1) {
        const QJsonObject replace = operation(u"replace"_s, path, to);
        if (compactSize(nested) > compactSize(replace)) {
            ops.append(replace);
            return;
        }
    }
    for (const QJsonValue &op : std::as_const(nested))
        ops.append(op);
}

void diffArray(const QJsonArray &from, const QJsonArray &to, const QString &path, QJsonArray &ops)
{
    const qsizetype n = from.size();
    const qsizetype m = to.size();
    qsizetype prefix = 0;
    while (prefix < n && prefix < m && from.at(prefix) == to.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < n - prefix && suffix < m - prefix && from.at(n - 1 - suffix) == to.at(m - 1 - suffix))
        ++suffix;

    const qsizetype na = n - prefix - suffix;
    const qsizetype nb = m - prefix - suffix;

    // The edit script of the middle: which elements of `from` survive unchanged, matched to which of `to`.
    std::vector<std::pair<qsizetype, qsizetype>> keeps;
    if (na > 0 && nb > 0 && na * nb <= MaxLcsCells) {
        std::vector<size_t> hashA(na), hashB(nb);
        for (qsizetype i = 0; i < na; ++i)
            hashA[i] = qHash(from.at(prefix + i));
        for (qsizetype j = 0; j < nb; ++j)
            hashB[j] = qHash(to.at(prefix + j));
        auto equal = [&](qsizetype i, qsizetype j) {
            return hashA[i] == hashB[j] && from.at(prefix + i) == to.at(prefix + j);
        };
        // lcs[i][j]: length of the longest common subsequence of from-middle[i..] and to-middle[j..].
        const qsizetype width = nb + 1;
        std::vector<int> lcs((na + 1) * width, 0);
        for (qsizetype i = na - 1; i >= 0; --i) {
            for (qsizetype j = nb - 1; j >= 0; --j) {
                lcs[i * width + j] = equal(i, j) ? lcs[(i + 1) * width + j + 1] + 1
                                                 : std::max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
            }
        }
        qsizetype i = 0, j = 0;
        while (i < na && j < nb) {
            if (equal(i, j)) {
                keeps.emplace_back(i, j);
                ++i;
                ++j;
            } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
                ++i;
            } else {
                ++j;
            }
        }
    }
    keeps.emplace_back(na, nb); // a sentinel that closes the last run

    // Walk the runs between kept elements. `index` is where the run starts in the array as the operations so far
    // have left it: everything before it already has its final value, so every path is valid in sequence.
    qsizetype index = prefix;
    qsizetype i = 0, j = 0;
    for (const auto &[keepA, keepB] : keeps) {
        const qsizetype removed = keepA - i;
        const qsizetype added = keepB - j;
        const qsizetype paired = std::min(removed, added);
        for (qsizetype k = 0; k < paired; ++k)
            patchElement(from.at(prefix + i + k), to.at(prefix + j + k), JsonPointer::append(path, index + k), ops);
        // Removals from the end of the run first, so that each index still names the element it meant.
        for (qsizetype k = removed - 1; k >= paired; --k)
            ops.append(operation(u"remove"_s, JsonPointer::append(path, index + k)));
        for (qsizetype k = paired; k < added; ++k)
            ops.append(operation(u"add"_s, JsonPointer::append(path, index + k), to.at(prefix + j + k)));
        index += added + 1; // the run's final elements, then the kept one
        i = keepA + 1;
        j = keepB + 1;
    }
}

void diffValue(const QJsonValue &from, const QJsonValue &to, const QString &path, QJsonArray &ops)
{
    if (from == to)
        return;
    if (from.isObject() && to.isObject())
        diffObject(from.toObject(), to.toObject(), path, ops);
    else if (from.isArray() && to.isArray())
        diffArray(from.toArray(), to.toArray(), path, ops);
    else
        ops.append(operation(u"replace"_s, path, to));
}

// Applying operations.

struct Location
{
    QString pointer;
    QStringList tokens;
};

class Applier
{
public:
    Applier(QJsonValue document)
        : m_document(std::move(document))
    { }

    QJsonValue take() { return std::move(m_document); }

    Status apply(const QJsonObject &op)
    {
        const QString name = op.value(u"op"_s).toString();
        const auto path = location(op, u"path"_s);
        if (!path)
            return path.error();
        if (name == u"add")
            return add(path.value(), op);
        if (name == u"remove")
            return remove(path.value());
        if (name == u"replace")
            return replace(path.value(), op);
        if (name == u"test")
            return test(path.value(), op);
        if (name == u"move" || name == u"copy") {
            const auto from = location(op, u"from"_s);
            if (!from)
                return from.error();
            return name == u"move" ? move(from.value(), path.value()) : copy(from.value(), path.value());
        }
        if (!op.contains(u"op"_s))
            return Error::config(u"has no \"op\""_s);
        return Error::config(u"\"op\" must be one of add, remove, replace, move, copy, test"_s);
    }

private:
    static Result<Location> location(const QJsonObject &op, const QString &member)
    {
        const QJsonValue value = op.value(member);
        if (!value.isString())
            return Error::config(u"has no \"%1\" string"_s.arg(member));
        auto tokens = JsonPointer::parse(value.toString());
        if (!tokens)
            return tokens.error();
        return Location {value.toString(), std::move(tokens).value()};
    }

    static Result<QJsonValue> operand(const QJsonObject &op)
    {
        // "value": null is a value; only a missing member is an error.
        const auto it = op.constFind(u"value"_s);
        if (it == op.constEnd())
            return Error::config(u"has no \"value\""_s);
        return QJsonValue(it.value());
    }

    static Error missing(const Location &location)
    {
        return Error::config(u"path \"%1\" does not exist"_s.arg(location.pointer));
    }

    std::optional<QJsonValue> get(const Location &location) const
    {
        QJsonValue node = m_document;
        for (const QString &token : location.tokens) {
            if (node.isObject()) {
                const QJsonObject object = node.toObject();
                const auto it = object.constFind(token);
                if (it == object.constEnd())
                    return std::nullopt;
                node = it.value();
            } else if (node.isArray()) {
                const QJsonArray array = node.toArray();
                const qsizetype index = JsonPointer::arrayIndex(token);
                if (index < 0 || index >= array.size())
                    return std::nullopt;
                node = array.at(index);
            } else {
                return std::nullopt;
            }
        }
        return node;
    }

    // Runs `edit` on the container that holds the last token of `location`. Each container on the way is taken out of
    // its parent while it is edited, so that it is not shared and Qt's copy-on-write does not copy it.
    template<typename Edit> Status editParent(const Location &location, Edit &&edit)
    {
        return editParent(m_document, location, 0, edit);
    }

    template<typename Edit>
    static Status editParent(QJsonValue &node, const Location &location, qsizetype depth, Edit &edit)
    {
        const QString &token = location.tokens.at(depth);
        if (depth + 1 == location.tokens.size())
            return edit(node, token);
        if (node.isObject()) {
            QJsonObject object = node.toObject();
            node = QJsonValue();
            auto it = object.find(token);
            if (it == object.end()) {
                node = object;
                return missing(location);
            }
            QJsonValue child = it.value();
            it.value() = QJsonValue();
            Status status = editParent(child, location, depth + 1, edit);
            object.insert(token, child);
            node = object;
            return status;
        }
        if (node.isArray()) {
            QJsonArray array = node.toArray();
            node = QJsonValue();
            const qsizetype index = JsonPointer::arrayIndex(token);
            if (index < 0 || index >= array.size()) {
                node = array;
                return missing(location);
            }
            QJsonValue child = array.at(index);
            array.replace(index, QJsonValue());
            Status status = editParent(child, location, depth + 1, edit);
            array.replace(index, child);
            node = array;
            return status;
        }
        return missing(location);
    }

    Status insert(const Location &location, const QJsonValue &value)
    {
        if (location.tokens.isEmpty()) {
            m_document = value;
            return Done {};
        }
        return editParent(location, [&](QJsonValue &parent, const QString &token) -> Status {
            if (parent.isObject()) {
                QJsonObject object = parent.toObject();
                parent = QJsonValue();
                object.insert(token, value);
                parent = object;
                return Done {};
            }
            if (parent.isArray()) {
                QJsonArray array = parent.toArray();
                const qsizetype index = token == u"-" ? array.size() : JsonPointer::arrayIndex(token);
                if (index < 0 || index > array.size())
                    return Error::config(
                        u"array index \"%1\" in \"%2\" is out of range"_s.arg(token, location.pointer));
                parent = QJsonValue();
                array.insert(index, value);
                parent = array;
                return Done {};
            }
            return Error::config(u"the parent of \"%1\" is not an object or an array"_s.arg(location.pointer));
        });
    }

    // Removes the value at `location` and hands it back.
    Result<QJsonValue> extract(const Location &location)
    {
        if (location.tokens.isEmpty())
            return Error::config(u"the whole document cannot be removed"_s);
        QJsonValue removed;
        const Status status = editParent(location, [&](QJsonValue &parent, const QString &token) -> Status {
            if (parent.isObject()) {
                QJsonObject object = parent.toObject();
                if (!object.contains(token))
                    return missing(location);
                parent = QJsonValue();
                removed = object.take(token);
                parent = object;
                return Done {};
            }
            if (parent.isArray()) {
                QJsonArray array = parent.toArray();
                const qsizetype index = JsonPointer::arrayIndex(token);
                if (index < 0 || index >= array.size())
                    return missing(location);
                parent = QJsonValue();
                removed = array.takeAt(index);
                parent = array;
                return Done {};
            }
            return missing(location);
        });
        if (!status)
            return status.error();
        return removed;
    }

    Status add(const Location &location, const QJsonObject &op)
    {
        const auto value = operand(op);
        if (!value)
            return value.error();
        return insert(location, value.value());
    }

    Status remove(const Location &location)
    {
        const auto removed = extract(location);
        if (!removed)
            return removed.error();
        return Done {};
    }

    Status replace(const Location &location, const QJsonObject &op)
    {
        const auto value = operand(op);
        if (!value)
            return value.error();
        if (location.tokens.isEmpty()) {
            m_document = value.value();
            return Done {};
        }
        // Unlike add, replace needs the target to exist (an array index of size is not an append).
        if (!get(location))
            return missing(location);
        const auto removed = extract(location);
        if (!removed)
            return removed.error();
        return insert(location, value.value());
    }

    Status move(const Location &from, const Location &to)
    {
        if (!get(from))
            return missing(from);
        if (from.tokens == to.tokens)
            return Done {};
        if (to.tokens.size() > from.tokens.size() && to.tokens.mid(0, from.tokens.size()) == from.tokens)
            return Error::config(u"\"%1\" cannot be moved into itself (\"%2\")"_s.arg(from.pointer, to.pointer));
        const auto value = extract(from);
        if (!value)
            return value.error();
        return insert(to, value.value());
    }

    Status copy(const Location &from, const Location &to)
    {
        const auto value = get(from);
        if (!value)
            return missing(from);
        return insert(to, *value);
    }

    Status test(const Location &location, const QJsonObject &op)
    {
        const auto expected = operand(op);
        if (!expected)
            return expected.error();
        const auto actual = get(location);
        if (!actual)
            return missing(location);
        if (*actual != expected.value())
            return Error::config(u"the value at \"%1\" is not the expected one"_s.arg(location.pointer));
        return Done {};
    }

    QJsonValue m_document;
};

} // namespace

QJsonArray JsonPatch::diff(const QJsonValue &from, const QJsonValue &to, Precondition precondition)
{
    QJsonArray ops;
    if (precondition == Precondition::ResourceVersion) {
        const QJsonValue version = from.toObject().value(u"metadata"_s).toObject().value(u"resourceVersion"_s);
        if (!version.isUndefined())
            ops.append(operation(u"test"_s, u"/metadata/resourceVersion"_s, version));
    }
    diffValue(from, to, QString(), ops);
    return ops;
}

Result<QJsonValue> JsonPatch::apply(const QJsonValue &document, const QJsonArray &patch)
{
    Applier applier(document);
    for (qsizetype i = 0; i < patch.size(); ++i) {
        const QJsonValue op = patch.at(i);
        Status status = op.isObject() ? applier.apply(op.toObject()) : Error::config(u"is not an object"_s);
        if (!status) {
            const QJsonObject object = op.toObject();
            QString what = object.value(u"op"_s).toString();
            if (object.value(u"path"_s).isString())
                what += u' ' + object.value(u"path"_s).toString();
            what = what.trimmed();
            if (!what.isEmpty())
                what = u" ("_s + what + u')';
            return Error::config(u"JSON Patch operation %1%2: %3"_s.arg(i).arg(what, status.error().message()));
        }
    }
    return applier.take();
}

} // namespace binnacle
