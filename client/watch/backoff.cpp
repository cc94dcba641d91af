#include "backoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace binnacle {

Backoff::Backoff(Random random)
    : m_random(std::move(random))
{
    if (!m_random)
        m_random = [] { return QRandomGenerator::global()->generateDouble(); };
}

int Backoff::next()
{
    m_delayMs = m_delayMs == 0 ? InitialMs : std::min(m_delayMs * 2, MaxMs);
    return m_delayMs + int(m_random() * (m_delayMs / 2));
}

} // namespace binnacle
