#pragma once

#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

namespace binnacle {

struct ApiResource;

// What of a Secret may be shown: its keys always, a value only once the user asked to reveal that key. Masks
// `data`, `stringData` and the same inside the `kubectl.kubernetes.io/last-applied-configuration` annotation, which
// `kubectl apply` fills with the whole manifest (stringData in clear). Every view of a Secret (summary, YAML,
// anything copied from them) is built from `masked()`, so a hidden value never reaches a widget.
class SecretMask final
{
public:
    static constexpr QStringView LastAppliedAnnotation = u"kubectl.kubernetes.io/last-applied-configuration";

    // A core v1 Secret, by the resource shown or by the object's own kind.
    static bool isSecret(const ApiResource &resource, const QJsonObject &object);

    void reveal(const QString &key) { m_revealed.insert(key); }
    void hide(const QString &key) { m_revealed.remove(key); }
    void hideAll() { m_revealed.clear(); }
    bool isRevealed(const QString &key) const { return m_revealed.contains(key); }

    // The Secret with every value not revealed replaced by placeholder(); its keys and everything else unchanged.
    QJsonObject masked(const QJsonObject &secret) const;

    // What stands in for a hidden value: its size, never its content.
    static QString placeholder(qsizetype bytes);

    // One key of the Secret as the summary lists it.
    struct Entry
    {
        QString key;
        qsizetype bytes = 0; // decoded size
        bool revealed = false;
        QString shown; // the value when revealed (decoded; base64 when not text), else placeholder()
    };
    // data and stringData keys, sorted.
    QList<Entry> entries(const QJsonObject &secret) const;

private:
    QJsonObject maskValues(const QJsonObject &values, bool base64) const;

    QSet<QString> m_revealed;
};

} // namespace binnacle
