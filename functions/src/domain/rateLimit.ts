/**
 * A fixed-window counter: at most `limit` takes per `windowMs`, counted from the first take of the window.
 *
 * Fixed windows allow up to twice the limit across a window boundary; for a brute-force guard measured in tens of
 * attempts per hour that is irrelevant, and in exchange one small document per caller is all that is stored.
 * Pure: the caller reads the stored bucket and writes back the returned one in a transaction.
 */

export interface RateBucket {
  /** Takes so far in this window. */
  count: number
  windowStart: Date
}

export interface RateLimit {
  /** Takes allowed per window. */
  limit: number
  windowMs: number
}

export interface RateDecision {
  allowed: boolean
  /** The bucket to store (unchanged when refused, so refusals do not extend the window). */
  bucket: RateBucket
  /** When a refused caller may try again (the window's end); null when allowed. */
  retryAfter: Date | null
}

/** Takes one from `bucket` (null: nothing stored yet) at `now`, starting a new window when the stored one is over. */
export function takeFromBucket(bucket: RateBucket | null, now: Date, { limit, windowMs }: RateLimit): RateDecision {
  const current = bucket && now.getTime() < bucket.windowStart.getTime() + windowMs ? bucket : { count: 0, windowStart: now }
  if (current.count < limit) {
    return { allowed: true, bucket: { count: current.count + 1, windowStart: current.windowStart }, retryAfter: null }
  }
  return { allowed: false, bucket: current, retryAfter: windowEnd(current, windowMs) }
}

/** When the bucket's window ends: also when the stored document may be deleted (TTL). */
export function windowEnd(bucket: RateBucket, windowMs: number): Date {
  return new Date(bucket.windowStart.getTime() + windowMs)
}
