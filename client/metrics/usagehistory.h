#pragma once

#include "usagesnapshot.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

#include <array>
#include <optional>
#include <vector>

namespace binnacle {

// The last hour of usage of every object a poll reported, compactly: a poll's time is stored once for all
// objects, and each object keeps 8 bytes per poll (CPU in microcores, memory in KiB, both 32-bit) in a ring of
// `Capacity` polls, plus its latest exact figures. 10,000 pods for an hour at 15 s take ~20 MB. An object that no
// poll within the ring reported is forgotten.
class UsageHistory final
{
public:
    static constexpr int Capacity = 240; // an hour of polls at metrics-server's 15 s resolution

    struct Point
    {
        qint64 timeMs = 0;
        Usage usage;
    };

    // Adds one poll. Objects in the snapshot's scope that it does not report get a gap at this poll.
    void record(const UsageSnapshot &snapshot);

    // What the newest poll covering `key` reported; nothing when that poll did not list it.
    std::optional<Usage> latest(const QString &key) const;
    // The objects whose latest figure is current, as latest() would answer for each.
    QList<QPair<QString, Usage>> current() const;
    // Oldest first, gaps left out; at most Capacity points.
    QList<Point> series(const QString &key) const;
    // The sum over `keys` per poll (a workload's pods), at polls where at least one of them was reported.
    QList<Point> summedSeries(const QStringList &keys) const;

    int objectCount() const { return int(m_tracks.size()); }
    QStringList keys() const { return m_tracks.keys(); }
    quint64 polls() const { return m_polls; }
    // Heap bytes this history holds (the benchmark's and the bound's figure).
    qint64 bytesUsed() const;

private:
    struct Packed
    {
        quint32 cpuMicrocores = Missing;
        quint32 memoryKiB = Missing;
    };
    static constexpr quint32 Missing = 0xffffffffu;

    struct Track
    {
        Usage latest;
        quint64 firstPoll = 0; // the poll number of values[0] until the ring is full
        quint64 lastPoll = 0; // the last poll that reported this object
        bool current = false; // the newest poll whose scope covers it reported it
        std::vector<Packed> values; // grows to Capacity, then is a ring indexed by poll % Capacity
    };

    static Packed pack(const Usage &usage);
    static Usage unpack(const Packed &packed);
    static void put(Track &track, quint64 poll, Packed value);
    static const Packed *at(const Track &track, quint64 poll);
    quint64 oldestPoll() const { return m_polls > Capacity ? m_polls - Capacity + 1 : 1; }

    quint64 m_polls = 0; // polls recorded; the newest is number m_polls
    std::array<qint64, Capacity> m_pollTimes {}; // by poll % Capacity
    QHash<QString, Track> m_tracks;
};

} // namespace binnacle
