#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace binnacle {

class YamlEditor;

// Someone changed the object while the user edited it: the version they started from, theirs, and the live one side
// by side, what each side changed, and what collides. The user's text is not touched; when nothing collides the
// user may re-base their change onto the live object.
class ConflictView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConflictView)

public:
    explicit ConflictView(QWidget *parent = nullptr);

    struct Versions
    {
        QString base;
        QString mine;
        QString live;
        QString liveResourceVersion;
        QStringList mineChanged; // JSON Pointers
        QStringList theirsChanged;
        QStringList collisions;
        bool canRebase = false;
    };
    void setVersions(const Versions &versions);
    void setBusy(bool busy);

    QString explanation() const;
    bool canRebase() const;
    YamlEditor *basePane() const { return m_base; }
    YamlEditor *minePane() const { return m_mine; }
    YamlEditor *livePane() const { return m_live; }

signals:
    void rebaseRequested();
    void backRequested();
    void takeLiveRequested(); // start again from the live object (the user's text is offered as a draft)

private:
    QLabel *m_explanation;
    YamlEditor *m_base;
    YamlEditor *m_mine;
    YamlEditor *m_live;
    QPushButton *m_rebase;
    QPushButton *m_back;
    QPushButton *m_takeLive;
};

} // namespace binnacle
