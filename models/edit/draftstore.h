#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace binnacle {

// Unsaved editor texts, kept on disk as the user types (in the app's data directory, one file per object, mode
// 0600, never in QSettings) so that a crash or a close with unsaved changes loses nothing; offered again at the next
// start. A Secret's draft never holds its values: the caller stores the text masked.
class DraftStore final
{
public:
    struct Draft
    {
        QString context;
        QString group; // the resource, as ApiResource names it
        QString version;
        QString resource;
        QString kind; // for the tab's title before discovery has answered
        QString namespaceName;
        QString name;
        QString baseResourceVersion; // what the text was written against
        QString text;
        QDateTime savedAt;

        QString key() const; // stable file name for the object
    };

    // `directory` defaults to QStandardPaths::AppDataLocation + "/drafts".
    explicit DraftStore(QString directory = {});

    bool save(const Draft &draft) const; // atomically (QSaveFile)
    void discard(const Draft &draft) const;
    QList<Draft> all() const; // newest first; unreadable files are skipped
    QString directory() const { return m_directory; }

private:
    QString m_directory;
};

} // namespace binnacle
