import { createHash, randomBytes, randomInt, scryptSync, timingSafeEqual } from 'node:crypto'

/**
 * The secrets behind a patient's join link. The link carries a 128-bit random token; Firestore stores only its
 * SHA-256 (as the invite's document id), so a leaked database does not leak working links. The 6-digit access
 * code is stored as a salted scrypt hash: cheap to check once, slow to brute-force offline.
 */
export interface InviteSecrets {
  token: string
  code: string
}

export function newInviteSecrets(): InviteSecrets {
  return {
    token: randomBytes(16).toString('base64url'),
    code: randomInt(0, 1_000_000).toString().padStart(6, '0'),
  }
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
