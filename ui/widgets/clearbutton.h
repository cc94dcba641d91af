#pragma once

#include <QString>

class QLineEdit;

namespace binnacle {

// QLineEdit's clear button, named: Qt's has no text, so a screen reader announced an unnamed button.
class ClearButton final
{
public:
    ClearButton() = delete;

    // Turns the edit's clear button on and names it (`name`, e.g. "Clear filter").
    static void enable(QLineEdit *edit, const QString &name);
};

} // namespace binnacle
