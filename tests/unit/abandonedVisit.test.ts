import { describe, expect, it } from 'vitest'
import { abandonedVisitDecision, lastPresenceAt, presentAfter } from '../../functions/src/domain/abandonedVisit'
import { creditsForVisit } from '../../functions/src/domain/credits'

const MINUTE = 60_000
const start = new Date('2026-03-10T23:00:00Z')
const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE)
const visit = (lastSeenMinutes: number[], closesAtMinutes = 120) => ({
  practitionerJoinedAt: start,
  lastSeen: lastSeenMinutes.map(at),
  joinClosesAt: at(closesAtMinutes),
})

describe('abandoned visits', () => {
  it('is not abandoned until everyone has been gone for 5 minutes', () => {
    expect(abandonedVisitDecision(visit([10, 12]), at(16.99))).toEqual({ abandoned: false })
    expect(abandonedVisitDecision(visit([10, 12]), at(17))).toEqual({ abandoned: true, endedAt: at(12), why: 'everyone-gone' })
  })

  it('counts as present (never everyone-gone) exactly the heartbeats after presentAfter', () => {
    const now = at(17)
    const cutoff = presentAfter(now)
    const minutes = (cutoff.getTime() - start.getTime()) / MINUTE
    expect(abandonedVisitDecision(visit([minutes + 0.001]), now)).toEqual({ abandoned: false })
    expect(abandonedVisitDecision(visit([minutes]), now)).toMatchObject({ abandoned: true, why: 'everyone-gone' })
  })

  it('charges up to the last heartbeat, not up to the sweep', () => {
    const decision = abandonedVisitDecision(visit([14, 29.5]), at(90))
    expect(decision).toMatchObject({ abandoned: true, endedAt: at(29.5) })
    if (!decision.abandoned) throw new Error('expected abandoned')
    // 29.5 minutes = 2 started blocks, whatever time the sweep ran.
    expect(creditsForVisit({ joinedAt: start, endedAt: decision.endedAt, patients: 1 })).toEqual({ blocks: 2, patients: 1, credits: 4 })
  })

  it('counts a last heartbeat exactly on a block boundary as that block only', () => {
    const decision = abandonedVisitDecision(visit([15]), at(40))
    if (!decision.abandoned) throw new Error('expected abandoned')
    expect(creditsForVisit({ joinedAt: start, endedAt: decision.endedAt, patients: 2 })).toEqual({ blocks: 1, patients: 2, credits: 4 })
  })

  it('ends a visit whose join window has closed even with someone present', () => {
    expect(abandonedVisitDecision(visit([119.9], 120), at(120))).toEqual({ abandoned: true, endedAt: at(119.9), why: 'window-closed' })
    expect(abandonedVisitDecision(visit([119.9], 120), at(119.95))).toEqual({ abandoned: false })
  })

  it('ends a visit with no heartbeat at its Start (nothing to charge)', () => {
    expect(lastPresenceAt({ practitionerJoinedAt: start, lastSeen: [] })).toEqual(start)
    expect(abandonedVisitDecision(visit([]), at(5))).toEqual({ abandoned: true, endedAt: start, why: 'everyone-gone' })
  })

  it('never charges beyond now for a heartbeat stamped in the future', () => {
    expect(abandonedVisitDecision(visit([30], 20), at(25))).toMatchObject({ abandoned: true, endedAt: at(25) })
  })
})
