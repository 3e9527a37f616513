import { describe, expect, it } from 'vitest'
import { takeFromBucket, windowEnd, type RateBucket } from '../../functions/src/domain/rateLimit'

const HOUR = 3_600_000
const limit = { limit: 3, windowMs: HOUR }
const t0 = new Date('2025-03-10T03:00:00Z')
const at = (ms: number) => new Date(t0.getTime() + ms)

function takeN(n: number, now: Date, bucket: RateBucket | null = null) {
  let decision = takeFromBucket(bucket, now, limit)
  for (let i = 1; i < n; i++) decision = takeFromBucket(decision.bucket, now, limit)
  return decision
}

describe('fixed-window rate limit', () => {
  it('starts a window at the first take', () => {
    expect(takeFromBucket(null, t0, limit)).toEqual({ allowed: true, bucket: { count: 1, windowStart: t0 }, retryAfter: null })
  })

  it('allows exactly `limit` takes per window, then refuses until the window ends', () => {
    const third = takeN(3, t0)
    expect(third.allowed).toBe(true)
    expect(third.bucket.count).toBe(3)
    const fourth = takeFromBucket(third.bucket, at(HOUR - 1), limit)
    expect(fourth).toEqual({ allowed: false, bucket: third.bucket, retryAfter: at(HOUR) })
  })

  it('does not extend the window for refused takes', () => {
    const full = takeN(3, t0).bucket
    const refused = takeFromBucket(full, at(30 * 60_000), limit)
    expect(refused.bucket).toBe(full)
    expect(refused.retryAfter).toEqual(windowEnd(full, HOUR))
  })

  it('starts a fresh window exactly when the old one ends', () => {
    const full = takeN(3, t0).bucket
    expect(takeFromBucket(full, at(HOUR), limit)).toEqual({ allowed: true, bucket: { count: 1, windowStart: at(HOUR) }, retryAfter: null })
  })

  it('counts within the window, not from each take', () => {
    const first = takeFromBucket(null, t0, limit)
    const later = takeFromBucket(first.bucket, at(50 * 60_000), limit)
    expect(later.bucket).toEqual({ count: 2, windowStart: t0 })
  })

  it('never allows anything with a limit of zero', () => {
    expect(takeFromBucket(null, t0, { limit: 0, windowMs: HOUR })).toMatchObject({ allowed: false, retryAfter: at(HOUR) })
  })
})
