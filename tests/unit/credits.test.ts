import { describe, expect, it } from 'vitest'
import { creditsForVisit, estimateVisitCredits, startedBlocks } from '../../functions/src/domain/credits'

const MINUTE = 60_000
const joinedAt = new Date('2025-03-10T23:00:00Z')
const after = (ms: number) => new Date(joinedAt.getTime() + ms)

describe('started 15-minute blocks', () => {
  it('counts 0 ms as no block, anything up to 15 minutes as one, and 15 minutes + 1 ms as two', () => {
    expect(startedBlocks(0)).toBe(0)
    expect(startedBlocks(-MINUTE)).toBe(0)
    expect(startedBlocks(1)).toBe(1)
    expect(startedBlocks(15 * MINUTE)).toBe(1)
    expect(startedBlocks(15 * MINUTE + 1)).toBe(2)
    expect(startedBlocks(30 * MINUTE)).toBe(2)
    expect(startedBlocks(30 * MINUTE + 1)).toBe(3)
  })
})

describe('visit credits', () => {
  it('charges 2 credits per started block per patient who joined', () => {
    expect(creditsForVisit({ joinedAt, endedAt: after(0), patients: 3 })).toEqual({ blocks: 0, patients: 3, credits: 0 })
    expect(creditsForVisit({ joinedAt, endedAt: after(15 * MINUTE), patients: 1 })).toEqual({ blocks: 1, patients: 1, credits: 2 })
    expect(creditsForVisit({ joinedAt, endedAt: after(15 * MINUTE + 1), patients: 1 })).toEqual({ blocks: 2, patients: 1, credits: 4 })
    expect(creditsForVisit({ joinedAt, endedAt: after(15 * MINUTE + 1), patients: 3 })).toEqual({ blocks: 2, patients: 3, credits: 12 })
  })

  it('charges nothing when no patient joined', () => {
    expect(creditsForVisit({ joinedAt, endedAt: after(40 * MINUTE), patients: 0 })).toEqual({ blocks: 3, patients: 0, credits: 0 })
  })

  it('estimates the booked duration for the booked patients before Start', () => {
    expect(estimateVisitCredits({ start: joinedAt, end: after(30 * MINUTE), patients: 2 })).toEqual({ blocks: 2, patients: 2, credits: 8 })
    expect(estimateVisitCredits({ start: joinedAt, end: after(50 * MINUTE), patients: 1 })).toEqual({ blocks: 4, patients: 1, credits: 8 })
  })
})
