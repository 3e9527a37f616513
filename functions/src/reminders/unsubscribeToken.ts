import { createHmac, timingSafeEqual } from 'node:crypto'
import type { MessagingChannel } from '../domain/messaging'

/**
 * The token in an email's unsubscribe link: which patient of which practice stops getting which channel, signed
 * with HMAC-SHA256 under the UNSUBSCRIBE_KEY secret. It works without signing in, yet nobody can make one for
 * another patient: changing a single character of the payload breaks the signature.
 *
 * Format: base64url(JSON payload) "." base64url(HMAC). Nothing is stored per token.
 */
export interface UnsubscribeClaims {
  practiceId: string
  patientId: string
  channel: MessagingChannel
}

interface Payload extends UnsubscribeClaims {
  /** Expiry, seconds since the epoch. Old emails stop working eventually; a year covers any reasonable inbox. */
  exp: number
}

const LIFETIME_SECONDS = 365 * 24 * 3600

function mac(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest()
}

export function signUnsubscribeToken(claims: UnsubscribeClaims, key: string, now = new Date()): string {
  if (!key) throw new Error('UNSUBSCRIBE_KEY is not set.')
  const payload: Payload = {
    practiceId: claims.practiceId,
    patientId: claims.patientId,
    channel: claims.channel,
    exp: Math.floor(now.getTime() / 1000) + LIFETIME_SECONDS,
  }
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `${encoded}.${mac(key, encoded).toString('base64url')}`
}

export type VerifiedToken = { ok: true; claims: UnsubscribeClaims } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' }

/** Checks the signature in constant time before looking at the payload at all. */
export function verifyUnsubscribeToken(token: string, key: string, now = new Date()): VerifiedToken {
  if (!key || typeof token !== 'string' || token.length > 1000) return { ok: false, reason: 'malformed' }
  const parts = token.split('.')
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' }
  const [encoded, signature] = parts as [string, string]
  const expected = mac(key, encoded)
  const actual = Buffer.from(signature, 'base64url')
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: 'bad-signature' }
  let payload: Partial<Payload>
  try {
    payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Partial<Payload>
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  const { practiceId, patientId, channel, exp } = payload
  if (
    typeof practiceId !== 'string' || !practiceId ||
    typeof patientId !== 'string' || !patientId ||
    (channel !== 'email' && channel !== 'sms') ||
    typeof exp !== 'number'
  ) {
    return { ok: false, reason: 'malformed' }
  }
  if (exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' }
  return { ok: true, claims: { practiceId, patientId, channel } }
}
