#pragma once

#include <QByteArray>
#include <QString>

namespace binnacle {

// Where a field the server names ("spec.template.spec.containers[0].imagePullPolicyy", or a JSON Pointer
// "/spec/replicas") sits in a YAML text: so that a refusal (a strict decoding error, an Invalid cause) is shown at
// its line. When the field itself is not in the text (an unknown field removed meanwhile, a required field
// missing), the nearest ancestor that is.
class FieldLocator final
{
public:
    struct Location
    {
        int line = -1; // 1-based; -1: not found at all
        int column = -1; // 1-based
        bool exact = false; // the field itself, not an ancestor
    };

    static Location locate(const QByteArray &yaml, const QString &field);

    // The field paths a server message names: `unknown field "spec.foo"`, `duplicate field "x"`,
    // `spec.replicas: Invalid value: ...`. Empty when it names none.
    static QStringList fieldsIn(const QString &serverMessage);
};

} // namespace binnacle
