#include "usagehistory.h"

#include <algorithm>
#include <cmath>

namespace binnacle {

UsageHistory::Packed UsageHistory::pack(const Usage &usage)
{
    // Saturate below the marker: 4,294 cores and 4 TiB are beyond any one object's figures.
    const auto clamp = [](double value) { return quint32(std::clamp(std::llround(value), 0LL, qint64(Missing - 1))); };
    return Packed {clamp(usage.cpuCores * 1e6), clamp(usage.memoryBytes / 1024.0)};
}

Usage UsageHistory::unpack(const Packed &packed)
{
    return Usage {packed.cpuMicrocores / 1e6, packed.memoryKiB * 1024.0};
}

void UsageHistory::put(Track &track, quint64 poll, Packed value)
{
    if (track.values.size() < size_t(Capacity)) {
        // Not yet a ring: values[i] is poll firstPoll + i; the polls in between are gaps. Room for a few polls
        // first (pods that come and go), then for the whole hour at once, never the 256 of doubling.
        if (track.values.capacity() < size_t(Capacity))
            track.values.reserve(poll - track.firstPoll < 16 ? 16 : size_t(Capacity));
        while (track.values.size() < size_t(Capacity) && track.firstPoll + track.values.size() < poll)
            track.values.push_back(Packed {});
        const bool fits = track.values.size() < size_t(Capacity);
        if (fits)
            track.values.push_back(value);
        if (track.values.size() == size_t(Capacity)) {
            // From now on a ring: rotate so that poll p sits at p % Capacity.
            std::rotate(track.values.begin(),
                        track.values.begin() + ptrdiff_t((Capacity - track.firstPoll % Capacity) % Capacity),
                        track.values.end());
        }
        if (fits)
            return;
    }
    // A ring: the polls since the last report are gaps now.
    for (quint64 gap = track.lastPoll + 1; gap < poll; ++gap) {
        if (gap + Capacity > poll)
            track.values[gap % Capacity] = Packed {};
    }
    track.values[poll % Capacity] = value;
}

const UsageHistory::Packed *UsageHistory::at(const Track &track, quint64 poll)
{
    if (poll > track.lastPoll)
        return nullptr;
    if (track.values.size() < size_t(Capacity)) {
        if (poll < track.firstPoll || poll - track.firstPoll >= track.values.size())
            return nullptr;
        return &track.values[poll - track.firstPoll];
    }
    if (poll + Capacity <= track.lastPoll)
        return nullptr;
    return &track.values[poll % Capacity];
}

void UsageHistory::record(const UsageSnapshot &snapshot)
{
    const quint64 poll = ++m_polls;
    m_pollTimes[poll % Capacity] = snapshot.takenAtMs;
    for (auto it = snapshot.objects.cbegin(); it != snapshot.objects.cend(); ++it) {
        auto found = m_tracks.find(it.key());
        if (found == m_tracks.end()) {
            found = m_tracks.insert(it.key(), Track {});
            found->firstPoll = poll;
        }
        put(*found, poll, pack(it.value()));
        found->lastPoll = poll;
        found->latest = it.value();
        found->current = true;
    }
    // Forget what no poll of the last hour reported, and take the latest figure from what this poll's scope covers
    // but no longer lists (a deleted pod is not "still using" its last value).
    for (auto it = m_tracks.begin(); it != m_tracks.end();) {
        if (it->lastPoll + Capacity <= poll) {
            it = m_tracks.erase(it);
            continue;
        }
        if (it->lastPoll != poll && it->current && snapshot.covers(it.key()))
            it->current = false;
        ++it;
    }
}

std::optional<Usage> UsageHistory::latest(const QString &key) const
{
    const auto found = m_tracks.constFind(key);
    if (found == m_tracks.cend() || !found->current)
        return std::nullopt;
    return found->latest;
}

QList<QPair<QString, Usage>> UsageHistory::current() const
{
    QList<QPair<QString, Usage>> figures;
    figures.reserve(m_tracks.size());
    for (auto it = m_tracks.cbegin(); it != m_tracks.cend(); ++it) {
        if (it->current)
            figures.append({it.key(), it->latest});
    }
    return figures;
}

QList<UsageHistory::Point> UsageHistory::series(const QString &key) const
{
    return summedSeries({key});
}

QList<UsageHistory::Point> UsageHistory::summedSeries(const QStringList &keys) const
{
    QList<const Track *> tracks;
    for (const QString &key : keys) {
        const auto found = m_tracks.constFind(key);
        if (found != m_tracks.cend())
            tracks.append(&*found);
    }
    QList<Point> points;
    if (tracks.isEmpty())
        return points;
    for (quint64 poll = oldestPoll(); poll <= m_polls; ++poll) {
        Usage sum;
        bool any = false;
        for (const Track *track : std::as_const(tracks)) {
            const Packed *value = at(*track, poll);
            if (!value || value->cpuMicrocores == Missing)
                continue;
            const Usage one = unpack(*value);
            sum.cpuCores += one.cpuCores;
            sum.memoryBytes += one.memoryBytes;
            any = true;
        }
        if (any)
            points.append(Point {m_pollTimes[poll % Capacity], sum});
    }
    return points;
}

qint64 UsageHistory::bytesUsed() const
{
    qint64 bytes = qint64(sizeof(*this));
    for (auto it = m_tracks.cbegin(); it != m_tracks.cend(); ++it) {
        bytes += qint64(sizeof(Track)) + qint64(it->values.capacity() * sizeof(Packed));
        bytes += qint64(sizeof(QString)) + it.key().capacity() * 2 + 32; // key, hash node overhead
    }
    return bytes;
}

} // namespace binnacle
