/**
 * `invites/{inviteId}`: a patient's link to one video appointment, keyed by the hash of the link token so a link
 * resolves without knowing the practice. Server-only (the rules read nothing of it). Generic over the timestamp
 * type, as the visit and reminder documents are: Admin `Timestamp` in functions, `Date` in test factories.
 */
export type InviteStatus = 'active' | 'revoked' | 'used'

/** Why an invite was revoked; `reissued`: staff gave the patient a new link and code (reissueInvite). */
export type InviteRevokedReason = 'appointment-cancelled' | 'patient-removed' | 'not-video' | 'reissued'

/** A link token: 128 bits, base64url without padding (inviteSecrets.ts). Anything else is a damaged link. */
export const JOIN_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/

export const isWholeJoinToken = (token: string): boolean => JOIN_TOKEN_PATTERN.test(token)

export interface InviteDoc<T> {
  practiceId: string
  appointmentId: string
  patientId: string
  /** The secret the link token and code are derived from (with INVITE_KEY); never the token or code themselves. */
  nonce: string
  codeHash: string
  status: InviteStatus
  revokedReason?: InviteRevokedReason
  failedAttempts: number
  /** Set for INVITE_LOCK_MINUTES after MAX_CODE_ATTEMPTS wrong codes (redeemInvite). */
  lockedUntil?: T | null
  createdAt?: T
}
