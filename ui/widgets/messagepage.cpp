#include "messagepage.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QTextDocument>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

MessagePage::MessagePage(QWidget *parent)
    : QWidget(parent)
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_body(new QLabel(this))
    , m_action(new QPushButton(this))
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setAlignment(Qt::AlignHCenter);
    m_title->setWordWrap(true);
    m_title->setObjectName(u"messageTitle"_s);

    m_body->setWordWrap(true);
    m_body->setTextFormat(Qt::RichText);
    m_body->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_body->setOpenExternalLinks(false);
    m_body->setMaximumWidth(720);
    m_body->setObjectName(u"messageBody"_s);

    m_icon->setAlignment(Qt::AlignHCenter);
    m_action->setObjectName(u"messageAction"_s);
    m_action->setVisible(false);
    connect(m_action, &QPushButton::clicked, this, &MessagePage::actionTriggered);

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(m_icon);
    layout->addWidget(m_title);
    layout->addSpacing(8);
    // Centred by stretches, not by alignment: an aligned label gets its one-line size hint and a long, wrapped
    // message is cut off; in a row of stretches it gets the height its width needs.
    auto *bodyRow = new QHBoxLayout;
    bodyRow->addStretch(1);
    bodyRow->addWidget(m_body, 100);
    bodyRow->addStretch(1);
    layout->addLayout(bodyRow);
    layout->addSpacing(12);
    layout->addWidget(m_action, 0, Qt::AlignHCenter);
    layout->addStretch(3);
}

void MessagePage::setIcon(const QIcon &icon)
{
    m_icon->setPixmap(icon.pixmap(64, 64));
}

void MessagePage::setTitle(const QString &title)
{
    m_title->setText(title);
    setAccessibleName(title);
}

void MessagePage::setBody(const QString &richText)
{
    m_body->setText(richText);
    m_body->setAccessibleName(bodyText());
}

void MessagePage::setActionText(const QString &text)
{
    m_action->setText(text);
    m_action->setAccessibleName(QString(text).remove(u'&'));
    m_action->setVisible(!text.isEmpty());
}

QString MessagePage::title() const
{
    return m_title->text();
}

QString MessagePage::bodyText() const
{
    QTextDocument document;
    document.setHtml(m_body->text());
    return document.toPlainText();
}

} // namespace binnacle
