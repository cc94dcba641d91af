#include "fieldlocator.h"

#include "client/document/jsonpointer.h"

#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// One step of a field path: a member, an element by index, or (server-side apply's form) the element of a list whose
// `key` member is `value`: containers[name="web"].
struct Step
{
    QString member;
    qsizetype index = -1;
    QString key;
    QString value;
};

// "spec.template.spec.containers[0].image", ".spec.foo" (server-side apply), "metadata.annotations[a.b/c]" (a map key
// in brackets, as field.Path writes one), or a JSON Pointer.
std::optional<QList<Step>> parsePath(const QString &field)
{
    QList<Step> steps;
    if (field.startsWith(u'/')) {
        const Result<QStringList> tokens = JsonPointer::parse(field);
        if (!tokens)
            return std::nullopt;
        for (const QString &token : tokens.value()) {
            Step step;
            step.member = token;
            step.index = JsonPointer::arrayIndex(token); // an element when the node turns out to be a list
            steps.append(step);
        }
        return steps;
    }

    static const QRegularExpression keyed(u"^([^=]+)=\"(.*)\"$"_s);
    qsizetype i = field.startsWith(u'.') ? 1 : 0;
    QString member;
    const auto flush = [&] {
        if (!member.isEmpty())
            steps.append({member, -1, {}, {}});
        member.clear();
    };
    while (i < field.size()) {
        const QChar c = field.at(i);
        if (c == u'.') {
            flush();
            ++i;
        } else if (c == u'[') {
            flush();
            const qsizetype close = field.indexOf(u']', i + 1);
            if (close < 0)
                return std::nullopt;
            const QString inside = field.mid(i + 1, close - i - 1);
            Step step;
            bool number = false;
            const qsizetype index = inside.toLongLong(&number);
            if (number && index >= 0) {
                step.index = index;
            } else if (const QRegularExpressionMatch match = keyed.match(inside); match.hasMatch()) {
                step.key = match.captured(1);
                step.value = match.captured(2);
            } else {
                step.member = inside;
            }
            steps.append(step);
            i = close + 1;
        } else {
            member += c;
            ++i;
        }
    }
    flush();
    return steps;
}

FieldLocator::Location at(const YAML::Mark &mark, bool exact)
{
    if (mark.is_null())
        return {};
    return {mark.line + 1, mark.column + 1, exact};
}

QString scalar(const YAML::Node &node)
{
    return node.IsScalar() ? QString::fromStdString(node.Scalar()) : QString();
}

} // namespace

FieldLocator::Location FieldLocator::locate(const QByteArray &yaml, const QString &field)
{
    const std::optional<QList<Step>> steps = parsePath(field);
    if (!steps)
        return {};
    YAML::Node node;
    try {
        node = YAML::Load(yaml.toStdString());
    } catch (const YAML::Exception &) {
        return {};
    }
    if (!node.IsDefined() || node.IsNull())
        return {};

    Location found = at(node.Mark(), steps->isEmpty());
    if (found.line < 0)
        found = {1, 1, steps->isEmpty()};
    for (const Step &step : *steps) {
        std::optional<YAML::Node> next;
        YAML::Mark mark;
        if (node.IsMap() && !step.member.isEmpty()) {
            // The last of duplicated keys: that is the one a "duplicate field" names.
            for (auto it = node.begin(); it != node.end(); ++it) {
                if (scalar(it->first) == step.member) {
                    next = it->second;
                    mark = it->first.Mark();
                }
            }
        } else if (node.IsSequence()) {
            if (step.index >= 0 && step.index < qsizetype(node.size())) {
                next = node[size_t(step.index)];
            } else if (!step.key.isEmpty()) {
                for (size_t i = 0; i < node.size(); ++i) {
                    const YAML::Node element = node[i];
                    if (element.IsMap() && scalar(element[step.key.toStdString()]) == step.value) {
                        next = element;
                        break;
                    }
                }
            }
            if (next)
                mark = next->Mark();
        }
        if (!next)
            return found; // the nearest ancestor that is there
        const Location here = at(mark, false);
        if (here.line > 0)
            found = here;
        node = *next;
    }
    found.exact = true;
    return found;
}

QStringList FieldLocator::fieldsIn(const QString &serverMessage)
{
    // A field path as the server writes one: members joined by dots, indices and map keys in brackets.
    static const QString path = u"[A-Za-z_$][\\w$-]*(?:\\.[\\w$-]+|\\[[^\\]]*\\])*"_s;
    static const QList<QRegularExpression> patterns {
        // Strict decoding (fieldValidation=Strict): `unknown field "spec.foo"`, `duplicate field "replicas"`.
        QRegularExpression(u"(?:unknown|duplicate) field \"([^\"]+)\""_s),
        // Server-side apply: `.spec.foo: field not declared in schema`.
        QRegularExpression(u"\\.(%1): field not declared in schema"_s.arg(path)),
        // Validation (field.Error): `spec.replicas: Invalid value: -1: must be ...`, one or several ("[a: ..., b:
        // ...]").
        QRegularExpression(u"(?<![\\w.\\]])(%1): (?:Invalid value|Required value|Unsupported value|Duplicate value|"
                           "Not found|Forbidden|Too long|Too many|Internal error)"_s.arg(path)),
    };
    // A strict decoding error of a patch quotes the whole patched object first (`patch: Invalid value: "{…}":
    // strict decoding error: unknown field "spec.foo"`): only what follows names fields.
    static const QString strict = u"strict decoding error:"_s;
    const qsizetype strictAt = serverMessage.lastIndexOf(strict);
    const QString message = strictAt < 0 ? serverMessage : serverMessage.mid(strictAt + strict.size());

    // In the order the message names them.
    QList<std::pair<qsizetype, QString>> found;
    for (const QRegularExpression &pattern : patterns) {
        for (auto it = pattern.globalMatch(message); it.hasNext();) {
            const QRegularExpressionMatch match = it.next();
            found.append({match.capturedStart(1), match.captured(1)});
        }
    }
    std::sort(found.begin(), found.end());
    QStringList fields;
    for (const auto &entry : std::as_const(found)) {
        if (!fields.contains(entry.second))
            fields.append(entry.second);
    }
    return fields;
}

} // namespace binnacle
