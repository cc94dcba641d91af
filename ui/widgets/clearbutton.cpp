#include "ui/widgets/clearbutton.h"

#include <QAction>
#include <QLineEdit>

using namespace Qt::StringLiterals;

namespace binnacle {

void ClearButton::enable(QLineEdit *edit, const QString &name)
{
    edit->setClearButtonEnabled(true);
    // The button is a QToolButton showing this action: its text becomes the button's accessible name.
    if (auto *action = edit->findChild<QAction *>(u"_q_qlineeditclearaction"_s)) {
        action->setText(name);
        action->setToolTip(name);
    }
}

} // namespace binnacle
