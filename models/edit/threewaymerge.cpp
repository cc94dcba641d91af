#include "threewaymerge.h"

#include "client/document/jsonpatch.h"
#include "client/document/jsonpointer.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

struct Change
{
    QStringList tokens;
    QString pointer;
};

// What moves on every write without anyone meaning it: never "their" change.
bool isBookkeeping(const QStringList &tokens)
{
    if (tokens.isEmpty())
        return false;
    if (tokens.first() == u"status")
        return true;
    return tokens.size() >= 2 && tokens.first() == u"metadata"
        && (tokens.at(1) == u"resourceVersion" || tokens.at(1) == u"managedFields" || tokens.at(1) == u"generation");
}

QString pointerOf(const QStringList &tokens)
{
    QString pointer;
    for (const QString &token : tokens)
        pointer = JsonPointer::append(pointer, token);
    return pointer;
}

// The changes from `from` to `to` (nullptr: absent), as deep as they can be named without ambiguity: members of
// objects one by one (an object added where there was none too, so two sides adding different labels do not
// collide), elements of arrays of unchanged length one by one; an array whose length changed is one change as a
// whole, since its indices no longer name the same elements.
void collect(const QJsonValue *from, const QJsonValue *to, QStringList &tokens, QList<Change> &out)
{
    if (!from && !to)
        return;
    if (from && to && *from == *to)
        return;
    const bool toObject = to && to->isObject() && !to->toObject().isEmpty();
    if (from && to && from->isObject() && to->isObject()) {
        const QJsonObject a = from->toObject();
        const QJsonObject b = to->toObject();
        for (auto it = a.begin(); it != a.end(); ++it) {
            const QJsonValue value = it.value();
            tokens.append(it.key());
            const auto other = b.constFind(it.key());
            if (other == b.constEnd()) {
                collect(&value, nullptr, tokens, out);
            } else {
                const QJsonValue otherValue = other.value();
                collect(&value, &otherValue, tokens, out);
            }
            tokens.removeLast();
        }
        for (auto it = b.begin(); it != b.end(); ++it) {
            if (a.contains(it.key()))
                continue;
            const QJsonValue value = it.value();
            tokens.append(it.key());
            collect(nullptr, &value, tokens, out);
            tokens.removeLast();
        }
        return;
    }
    if (!from && toObject) {
        const QJsonObject b = to->toObject();
        for (auto it = b.begin(); it != b.end(); ++it) {
            const QJsonValue value = it.value();
            tokens.append(it.key());
            collect(nullptr, &value, tokens, out);
            tokens.removeLast();
        }
        return;
    }
    if (from && to && from->isArray() && to->isArray() && from->toArray().size() == to->toArray().size()) {
        const QJsonArray a = from->toArray();
        const QJsonArray b = to->toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QJsonValue x = a.at(i);
            const QJsonValue y = b.at(i);
            tokens.append(QString::number(i));
            collect(&x, &y, tokens, out);
            tokens.removeLast();
        }
        return;
    }
    out.append({tokens, pointerOf(tokens)});
}

QList<Change> changes(const QJsonObject &from, const QJsonObject &to)
{
    QList<Change> out;
    QStringList tokens;
    const QJsonValue a(from);
    const QJsonValue b(to);
    collect(&a, &b, tokens, out);
    return out;
}

std::optional<QJsonValue> valueAt(const QJsonValue &root, const QStringList &tokens)
{
    QJsonValue node = root;
    for (const QString &token : tokens) {
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

// Sets (or, for nullopt, removes) the value at `tokens[depth..]` inside `node`, creating missing objects on the way.
// False when the way passes through something that cannot hold it (an array too short, a scalar).
bool setAt(QJsonValue &node, const QStringList &tokens, qsizetype depth, const std::optional<QJsonValue> &value)
{
    const QString &token = tokens.at(depth);
    const bool last = depth + 1 == tokens.size();
    if (node.isUndefined() && value)
        node = QJsonObject();
    if (node.isObject()) {
        QJsonObject object = node.toObject();
        node = QJsonValue(); // not shared while edited, so that copy-on-write does not copy it
        if (last) {
            if (value)
                object.insert(token, *value);
            else
                object.remove(token);
        } else {
            QJsonValue child = object.value(token);
            object.remove(token);
            const bool ok = setAt(child, tokens, depth + 1, value);
            if (!child.isUndefined())
                object.insert(token, child);
            node = object;
            return ok;
        }
        node = object;
        return true;
    }
    if (node.isArray()) {
        QJsonArray array = node.toArray();
        const qsizetype index = JsonPointer::arrayIndex(token);
        if (index < 0 || index >= array.size())
            return false;
        node = QJsonValue();
        bool ok = true;
        if (last) {
            if (value)
                array.replace(index, *value);
            else
                array.removeAt(index);
        } else {
            QJsonValue child = array.at(index);
            array.replace(index, QJsonValue());
            ok = setAt(child, tokens, depth + 1, value);
            array.replace(index, child);
        }
        node = array;
        return ok;
    }
    return !value; // removing below a scalar or nothing: already gone
}

bool contains(const QStringList &outer, const QStringList &inner)
{
    return outer.size() <= inner.size() && std::equal(outer.begin(), outer.end(), inner.begin());
}

} // namespace

ThreeWayMerge::Outcome ThreeWayMerge::merge(const QJsonObject &base, const QJsonObject &mine, const QJsonObject &live)
{
    Outcome outcome;
    const QList<Change> ours = changes(base, mine);
    QList<Change> theirs = changes(base, live);
    theirs.erase(std::remove_if(theirs.begin(), theirs.end(), [](const Change &c) { return isBookkeeping(c.tokens); }),
                 theirs.end());
    for (const Change &change : ours)
        outcome.mine.append(change.pointer);
    for (const Change &change : theirs)
        outcome.theirs.append(change.pointer);

    const QJsonValue mineValue(mine);
    const QJsonValue liveValue(live);
    for (const Change &m : ours) {
        for (const Change &t : theirs) {
            const bool mineOuter = contains(m.tokens, t.tokens);
            if (!mineOuter && !contains(t.tokens, m.tokens))
                continue;
            // Nested changes collide unless both sides left the enclosing value the same.
            const QStringList &outer = mineOuter ? m.tokens : t.tokens;
            if (valueAt(mineValue, outer) != valueAt(liveValue, outer)) {
                outcome.collisions.append(m.pointer);
                break;
            }
        }
    }

    if (outcome.collisions.isEmpty()) {
        QJsonValue rebased(live);
        for (const Change &m : ours) {
            if (m.tokens.isEmpty()) {
                rebased = mineValue; // not an object on one side: the whole document is the change
                continue;
            }
            if (!setAt(rebased, m.tokens, 0, valueAt(mineValue, m.tokens)))
                outcome.collisions.append(m.pointer); // live has no place for it any more
        }
        if (outcome.collisions.isEmpty()) {
            outcome.rebased = rebased.toObject();
            if (*outcome.rebased != live)
                outcome.rebasedPatch
                    = JsonPatch::diff(live, *outcome.rebased, JsonPatch::Precondition::ResourceVersion);
        }
    }
    std::sort(outcome.collisions.begin(), outcome.collisions.end());
    outcome.collisions.removeDuplicates();
    return outcome;
}

} // namespace binnacle
