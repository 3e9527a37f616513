import { createHmac } from 'node:crypto'
import { INVITE_KEY } from '../lib/config'
import { Timestamp, type DocumentData } from 'firebase-admin/firestore'
import { HttpsError } from 'firebase-functions/v2/https'
import { takeFromBucket, windowEnd, type RateBucket, type RateLimit } from '../domain/rateLimit'
import type { RedeemInviteErrorDetails } from '../domain/visit'
import { callerAddress, type CallerRequest } from '../lib/callerAddress'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'

const HOUR_MS = 3_600_000

/**
 * Per-caller limits on the public invite callables, per address (see lib/callerAddress.ts), per hour.
 *
 * - `redeemInvite`: every well-formed attempt counts, right or wrong, before any work is done. The per-invite lock
 *   stops guessing one invite; this stops one client spreading guesses over many invites (and bounds the scrypt work
 *   a client can cause). A patient needs one attempt, a few with typos; 30 leaves room for a household or a care home
 *   behind one address, while an attacker gets 30 guesses an hour against a million codes.
 * - `checkInvite`: opening a link is cheap and tokens are unguessable (128 bits), so this only bounds the reads one
 *   client can cause; 300 covers many patients behind one address reloading their waiting pages.
 */
export const CALLER_LIMITS = {
  redeemInvite: { limit: 30, windowMs: HOUR_MS },
  checkInvite: { limit: 300, windowMs: HOUR_MS },
} as const satisfies Record<string, RateLimit>

export type CallerLimitKind = keyof typeof CALLER_LIMITS

/**
 * `rateLimits/{id}`: server-only. The id is an HMAC-SHA-256 of the kind and the address under INVITE_KEY (a plain
 * hash of an IPv4 address could be reversed by trying all 2^32 of them), and the document holds no address: the
 * counter is all that is needed. `expireAt` (the window's end) is for a TTL policy that deletes spent buckets.
 */
export const rateLimitsCollection = () => db().collection(paths.rateLimits())

export function rateLimitBucketId(kind: CallerLimitKind, address: string): string {
  return createHmac('sha256', INVITE_KEY.value()).update(`${kind}:${address}`).digest('hex')
}

function storedBucket(data: DocumentData | undefined): RateBucket | null {
  const count = data?.count
  const windowStart = data?.windowStart
  if (typeof count !== 'number' || !(windowStart instanceof Timestamp)) return null
  return { count, windowStart: windowStart.toDate() }
}

/** Takes one attempt of `kind` for `address` in a transaction; returns when a refused caller may try again. */
export async function takeCallerAttempt(kind: CallerLimitKind, address: string, now = new Date()): Promise<{ allowed: boolean; retryAfter: Date | null }> {
  const limit = CALLER_LIMITS[kind]
  const ref = rateLimitsCollection().doc(rateLimitBucketId(kind, address))
  return db().runTransaction(async (tx) => {
    const decision = takeFromBucket(storedBucket((await tx.get(ref)).data()), now, limit)
    if (decision.allowed) {
      tx.set(ref, {
        kind,
        count: decision.bucket.count,
        windowStart: Timestamp.fromDate(decision.bucket.windowStart),
        expireAt: Timestamp.fromDate(windowEnd(decision.bucket, limit.windowMs)),
      })
    }
    return { allowed: decision.allowed, retryAfter: decision.retryAfter }
  })
}

/**
 * Counts this request against the caller's limit for `kind`, or refuses it with `resource-exhausted` and
 * `{ reason: 'rate-limited', retryAfter }`. The caller's practice (and so its time zone) is not known yet, so the
 * message says how long to wait rather than until when.
 */
export async function enforceCallerLimit(kind: CallerLimitKind, rawRequest: CallerRequest): Promise<void> {
  const { allowed, retryAfter } = await takeCallerAttempt(kind, callerAddress(rawRequest))
  if (allowed || !retryAfter) return
  logs.callerRateLimited(kind)
  const minutes = Math.max(1, Math.ceil((retryAfter.getTime() - Date.now()) / 60_000))
  const details: RedeemInviteErrorDetails = { reason: 'rate-limited', retryAfter: retryAfter.toISOString() }
  throw new HttpsError(
    'resource-exhausted',
    `Too many attempts from your network. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    details,
  )
}
