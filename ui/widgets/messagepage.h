#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace binnacle {

// A calm full-page message (empty state or error) with a title, an explanation and one action.
class MessagePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessagePage)

public:
    explicit MessagePage(QWidget *parent = nullptr);

    void setIcon(const QIcon &icon);
    void setTitle(const QString &title);
    void setBody(const QString &richText);
    void setActionText(const QString &text);

    QString title() const;
    QString bodyText() const; // the body without markup, for tests and screen readers

signals:
    void actionTriggered();

private:
    QLabel *m_icon;
    QLabel *m_title;
    QLabel *m_body;
    QPushButton *m_action;
};

} // namespace binnacle
