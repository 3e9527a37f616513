import { describe, expect, it } from 'vitest'
import { mediaAccessDecision } from '../../functions/src/domain/mediaAccessGrant'
import { isWarmUpRequest } from '../../functions/src/domain/warmUp'

describe('media access decision', () => {
  it('grants a prefetch before Start and while live, and never counts it as joining', () => {
    for (const visitStatus of [null, 'live'] as const) {
      for (const caller of ['patient', 'practitioner'] as const) {
        expect(mediaAccessDecision({ visitStatus, purpose: 'prefetch', caller })).toEqual({ grant: true, recordsJoin: false })
      }
    }
  })

  it('counts a patient who joins a live visit, never the practitioner', () => {
    expect(mediaAccessDecision({ visitStatus: 'live', purpose: 'join', caller: 'patient' })).toEqual({ grant: true, recordsJoin: true })
    expect(mediaAccessDecision({ visitStatus: 'live', purpose: 'join', caller: 'practitioner' })).toEqual({ grant: true, recordsJoin: false })
  })

  it('refuses a join before Start, and everything once the visit has ended', () => {
    expect(mediaAccessDecision({ visitStatus: null, purpose: 'join', caller: 'patient' })).toEqual({ grant: false, refusal: 'not-started' })
    for (const purpose of ['join', 'prefetch'] as const) {
      expect(mediaAccessDecision({ visitStatus: 'ended', purpose, caller: 'patient' })).toEqual({ grant: false, refusal: 'ended' })
    }
  })
})

describe('warm-up request', () => {
  it('is exactly { warm: true }', () => {
    expect(isWarmUpRequest({ warm: true })).toBe(true)
    for (const other of [null, undefined, [], 'warm', { warm: 'true' }, { warm: false }, { warm: true, practiceId: 'p' }, {}]) {
      expect(isWarmUpRequest(other)).toBe(false)
    }
  })
})
