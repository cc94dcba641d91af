#pragma once

#include "client/probe/probeanswer.h"
#include "models/edit/textdiff.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace binnacle {

// Which pods of a workload answered the replica probe alike, and which did not. Answers that did not fail are
// grouped by status code and canonical body (BodyCanonicalizer, with the user's exclusions); failed ones by their
// reason ("timeout", "HTTP 503"). The reference is the largest group of answers that did not fail: what most pods
// say, so a pod with a stale cache stands out even when it answered first.
//
// The groups are ordered, so that the same answers give the same numbers whatever order they arrived in: groups
// that did not fail first, larger before smaller, equal sizes by their first member (answers sort by pod name, then
// cluster, then namespace); then failure groups, larger first, equal sizes by reason. The reference, when there is
// one, is therefore group 0. When two groups share the largest size the first of them is the reference all the same
// (so a diff can be shown), and majorityIsTied() says that it is no majority.
class ProbeComparison final
{
public:
    struct Group
    {
        QList<int> members; // indexes into answers(), sorted as above
        int statusCode = 0; // the members' status; of the first member for a failure group
        QString hash; // the canonical body's short hash; empty for a failure group
        QString failure; // the reason of a failure group; empty otherwise
        QString pretty; // the first member's pretty body: the text the others are diffed against

        bool failed() const { return !failure.isEmpty(); }
    };

    struct Verdict
    {
        int group = -1; // index into groups()
        bool differs = false; // not in the reference group (failures always differ)
        QString hash; // of its canonical body; empty when no HTTP answer came
        // Reference's pretty body (before) to this answer's (after): removed lines are the reference's, added ones
        // this answer's. All lines Same for a member of the reference group; empty when there is no reference.
        TextDiff diff;
    };

    // `exclusions` as BodyCanonicalizer takes them.
    static ProbeComparison compare(const QList<ProbeAnswer> &answers, const QStringList &exclusions = {});

    const QList<ProbeAnswer> &answers() const { return m_answers; }
    const QList<Verdict> &verdicts() const { return m_verdicts; } // one per answer, in the same order
    const QList<Group> &groups() const { return m_groups; }

    int referenceGroup() const { return m_reference; } // 0, or -1 when no answer succeeded
    bool hasReference() const { return m_reference >= 0; }
    bool majorityIsTied() const { return m_tied; }

    int agreeing() const; // members of the reference group
    int differing() const; // answered without failing, outside the reference group
    int failedCount() const;

    // "2 of 3 pods agree; 1 differs; 0 failed", "No majority among 2 pods: 2 groups of 1 each; 0 failed",
    // "None of 2 pods answered; 2 failed", "No answers".
    QString summary() const;

private:
    QList<ProbeAnswer> m_answers;
    QList<Verdict> m_verdicts;
    QList<Group> m_groups;
    int m_reference = -1;
    bool m_tied = false;
};

} // namespace binnacle
