#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <initializer_list>
#include <utility>

namespace binnacle {

// An object's labels, kept compact: key/value pairs sorted by key. Every cached object has some, and a QHash with
// two labels costs ~2.6 KB (its first span) against ~0.2 KB for this: 24 MB for 10,000 pods. Lookups are binary
// searches over a handful of keys.
class LabelSet final
{
public:
    using Label = std::pair<QString, QString>;

    LabelSet() = default;
    LabelSet(std::initializer_list<Label> labels);
    static LabelSet fromJson(const QJsonObject &labels); // metadata.labels

    const QString *find(const QString &key) const; // null when absent
    bool contains(const QString &key) const { return find(key) != nullptr; }
    QString value(const QString &key) const;
    void insert(const QString &key, const QString &value);

    qsizetype size() const { return m_labels.size(); }
    bool isEmpty() const { return m_labels.isEmpty(); }
    QList<Label>::const_iterator begin() const { return m_labels.cbegin(); }
    QList<Label>::const_iterator end() const { return m_labels.cend(); }
    friend bool operator==(const LabelSet &, const LabelSet &) = default;

private:
    QList<Label> m_labels; // sorted by key, keys unique
};

} // namespace binnacle
