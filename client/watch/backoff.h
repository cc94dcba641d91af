#pragma once

#include <functional>

namespace binnacle {

// How long a failing reflector waits before it tries again, like client-go's: 800 ms doubling up to a 30 s cap,
// plus a random part of up to half the delay. The random part is added after the cap, never clipped by it: after
// an outage every informer sits at the cap, and clipping would make them all retry in the same second.
class Backoff final
{
public:
    static constexpr int InitialMs = 800;
    static constexpr int MaxMs = 30000;

    using Random = std::function<double()>; // uniform in [0, 1)

    explicit Backoff(Random random = {});

    int next(); // the next delay, in milliseconds
    void saturate() { m_delayMs = MaxMs; } // the next delay starts from the cap (for failures slow to change)
    void reset() { m_delayMs = 0; }
    int delayMs() const { return m_delayMs; } // without jitter; 0 after a reset

private:
    Random m_random;
    int m_delayMs = 0;
};

} // namespace binnacle
