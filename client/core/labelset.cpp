#include "labelset.h"

#include <algorithm>

namespace binnacle {

namespace {
bool keyLess(const LabelSet::Label &label, const QString &key)
{
    return label.first < key;
}
} // namespace

LabelSet::LabelSet(std::initializer_list<Label> labels)
{
    for (const Label &label : labels)
        insert(label.first, label.second);
}

LabelSet LabelSet::fromJson(const QJsonObject &labels)
{
    LabelSet set;
    set.m_labels.reserve(labels.size());
    for (auto it = labels.begin(); it != labels.end(); ++it)
        set.m_labels.append({it.key(), it.value().toString()}); // JSON object keys are unique
    std::sort(set.m_labels.begin(), set.m_labels.end(),
              [](const Label &a, const Label &b) { return a.first < b.first; });
    return set;
}

const QString *LabelSet::find(const QString &key) const
{
    const auto it = std::lower_bound(m_labels.cbegin(), m_labels.cend(), key, keyLess);
    return it != m_labels.cend() && it->first == key ? &it->second : nullptr;
}

QString LabelSet::value(const QString &key) const
{
    const QString *found = find(key);
    return found ? *found : QString();
}

void LabelSet::insert(const QString &key, const QString &value)
{
    const auto it = std::lower_bound(m_labels.begin(), m_labels.end(), key, keyLess);
    if (it != m_labels.end() && it->first == key)
        it->second = value;
    else
        m_labels.insert(it, {key, value});
}

} // namespace binnacle
