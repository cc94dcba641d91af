#include "conflictview.h"

#include "yamleditor.h"

#include "models/edit/textdiff.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// "/spec/template/spec/containers/0/image" as people read it: spec.template.spec.containers[0].image
QString fieldName(const QString &pointer)
{
    QString name;
    const QStringList parts = pointer.split(u'/', Qt::SkipEmptyParts);
    for (QString part : parts) {
        part.replace(u"~1"_s, u"/"_s).replace(u"~0"_s, u"~"_s);
        bool index = false;
        part.toInt(&index);
        if (index)
            name += u'[' + part + u']';
        else
            name += (name.isEmpty() ? QString() : u"."_s) + part;
    }
    return name.isEmpty() ? QObject::tr("the whole object") : name;
}

QString fieldList(const QStringList &pointers)
{
    QStringList names;
    for (const QString &pointer : pointers)
        names.append(fieldName(pointer));
    const int shown = 6;
    if (names.size() > shown)
        return names.mid(0, shown).join(u", "_s) + QObject::tr(" and %n more", nullptr, int(names.size()) - shown);
    return names.isEmpty() ? QObject::tr("nothing") : names.join(u", "_s);
}

QWidget *pane(const QString &title, YamlEditor *editor, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *label = new QLabel(title, box);
    label->setBuddy(editor);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label);
    layout->addWidget(editor, 1);
    editor->setReadOnly(true);
    editor->setAccessibleName(title);
    return box;
}

} // namespace

ConflictView::ConflictView(QWidget *parent)
    : QWidget(parent)
    , m_explanation(new QLabel(this))
    , m_base(new YamlEditor(this))
    , m_mine(new YamlEditor(this))
    , m_live(new YamlEditor(this))
    , m_rebase(new QPushButton(tr("Rebase my change onto live"), this))
    , m_back(new QPushButton(tr("Back to my text"), this))
    , m_takeLive(new QPushButton(tr("Start again from live"), this))
{
    setObjectName(u"conflictView"_s);
    m_explanation->setObjectName(u"conflictExplanation"_s);
    m_explanation->setAccessibleName(tr("What changed on both sides"));
    m_explanation->setWordWrap(true);
    m_explanation->setTextFormat(Qt::PlainText);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_base->setObjectName(u"conflictBase"_s);
    m_mine->setObjectName(u"conflictMine"_s);
    m_live->setObjectName(u"conflictLive"_s);
    m_rebase->setObjectName(u"conflictRebase"_s);
    m_back->setObjectName(u"conflictBack"_s);
    m_takeLive->setObjectName(u"conflictTakeLive"_s);
    m_takeLive->setToolTip(tr("Open the live object in the editor; your text is kept as a draft"));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(pane(tr("What you started from"), m_base, splitter));
    splitter->addWidget(pane(tr("Your version"), m_mine, splitter));
    splitter->addWidget(pane(tr("Live now"), m_live, splitter));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_back);
    buttons->addWidget(m_takeLive);
    buttons->addStretch();
    buttons->addWidget(m_rebase);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_explanation);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);

    connect(m_rebase, &QPushButton::clicked, this, &ConflictView::rebaseRequested);
    connect(m_back, &QPushButton::clicked, this, &ConflictView::backRequested);
    connect(m_takeLive, &QPushButton::clicked, this, &ConflictView::takeLiveRequested);
}

void ConflictView::setVersions(const Versions &versions)
{
    m_base->setYaml(versions.base);
    m_mine->setYaml(versions.mine);
    m_live->setYaml(versions.live);
    // Each side's changes tinted, and the first of them in view.
    for (YamlEditor *side : {m_mine, m_live}) {
        QList<int> changed;
        const TextDiff diff = TextDiff::compute(versions.base, side == m_mine ? versions.mine : versions.live);
        for (const TextDiff::Line &line : diff.lines()) {
            if (line.kind == TextDiff::Line::Kind::Added)
                changed.append(line.newLine);
        }
        side->highlightLines(changed);
        if (!changed.isEmpty())
            side->setFirstVisibleLine(qMax(0, changed.first() - 4));
    }
    QString text = tr("Someone changed this object while you edited it (it is now at resourceVersion %1). Nothing "
                      "was overwritten and your text is as you left it.\n")
                       .arg(versions.liveResourceVersion);
    text += tr("You changed: %1.\nOn the server: %2.\n")
                .arg(fieldList(versions.mineChanged), fieldList(versions.theirsChanged));
    if (versions.collisions.isEmpty())
        text += tr("The changes do not touch the same fields: your change can be re-based onto the live object.");
    else
        text += tr("Both changed: %1. Decide by hand: start again from live, or go back to your text.")
                    .arg(fieldList(versions.collisions));
    m_explanation->setText(text);
    m_rebase->setEnabled(versions.canRebase);
    m_rebase->setToolTip(versions.canRebase
                             ? tr("Apply your changes on top of the live object")
                             : tr("Not possible: both sides changed %1").arg(fieldList(versions.collisions)));
    setBusy(false);
}

void ConflictView::setBusy(bool busy)
{
    m_back->setEnabled(!busy);
    m_takeLive->setEnabled(!busy);
    if (busy)
        m_rebase->setEnabled(false);
}

QString ConflictView::explanation() const
{
    return m_explanation->text();
}

bool ConflictView::canRebase() const
{
    return m_rebase->isEnabled();
}

} // namespace binnacle
