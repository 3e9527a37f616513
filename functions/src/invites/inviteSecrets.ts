import { createHash, createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

/**
 * The secrets behind a patient's join link.
 *
 * The link carries a 128-bit token and the patient types a 6-digit access code. Neither is stored: each invite
 * keeps a random nonce, and both are derived from it with HMAC under the INVITE_KEY secret. Firestore holds the
 * token's SHA-256 (the invite's id, for lookup when a patient opens the link) and a salted scrypt hash of the
 * code (checked on join); the nonce is useless without the key. So a leaked database leaks no working link, yet
 * the practitioner can be shown the same link and code again until the visit ends.
 */
export interface InviteSecrets {
  token: string
  code: string
}

export function newInviteNonce(): string {
  return randomBytes(16).toString('base64url')
}

function hmac(key: string, label: string, nonce: string): Buffer {
  return createHmac('sha256', key).update(`${label}:${nonce}`).digest()
}

export function deriveInviteSecrets(key: string, nonce: string): InviteSecrets {
  if (!key) throw new Error('INVITE_KEY is not set.')
  const token = hmac(key, 'join-token', nonce).subarray(0, 16).toString('base64url')
  // 48 bits reduced mod 10^6: the bias (< 10^-8) is irrelevant for a code that locks after five tries.
  const code = (hmac(key, 'access-code', nonce).readUIntBE(0, 6) % 1_000_000).toString().padStart(6, '0')
  return { token, code }
}

/** The invite's document id: SHA-256 of the link token, hex. */
export function inviteIdForToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function hashAccessCode(code: string, salt = randomBytes(16).toString('base64url')): string {
  return `scrypt$${salt}$${scryptSync(code, salt, 32).toString('base64url')}`
}

/** Constant-time comparison of an entered code with a stored hash. */
export function accessCodeMatches(code: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const actual = scryptSync(code, salt, expected.length)
  return timingSafeEqual(expected, actual)
}
