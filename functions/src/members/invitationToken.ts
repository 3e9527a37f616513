import { createHash, randomBytes } from 'node:crypto'

/** A fresh member invitation link token: 128 random bits, base64url (22 characters). Never stored. */
export function newInvitationToken(): string {
  return randomBytes(16).toString('base64url')
}

/** The invitation's document id: the token's SHA-256, so the database alone cannot rebuild a link. */
export function invitationIdForToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
