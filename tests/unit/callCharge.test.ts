import { describe, expect, it } from 'vitest'
import { creditsForCall, startedMinutes } from '../../functions/src/domain/callCharge'

describe('creditsForCall: 1 credit per started minute of a connected call', () => {
  it.each([
    [0, 0],
    [1, 1],
    [59, 1],
    [60, 1],
    [61, 2],
    [120, 2],
    [121, 3],
  ])('charges a completed call of %i s %i credits', (seconds, credits) => {
    expect(creditsForCall({ finalStatus: 'completed', durationSeconds: seconds })).toBe(credits)
  })

  it.each(['busy', 'no-answer', 'failed', 'canceled'])('charges nothing for a %s call, whatever duration it reports', (status) => {
    expect(creditsForCall({ finalStatus: status, durationSeconds: 42 })).toBe(0)
  })

  it('counts no minutes for a negative or unreadable duration', () => {
    expect(startedMinutes(-5)).toBe(0)
    expect(startedMinutes(Number.NaN)).toBe(0)
  })
})
