import { FieldValue, type Timestamp, type Transaction } from 'firebase-admin/firestore'
import type { InviteRevokedReason, InviteDoc as SharedInviteDoc } from '../domain/invite'
import { APP_URL, INVITE_KEY } from '../lib/config'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { deriveInviteSecrets, hashAccessCode, inviteIdForToken, newInviteNonce } from './inviteSecrets'

/** Invites live top-level, keyed by the hash of the link token, so a link resolves without knowing the practice. */
export const invitesCollection = () => db().collection(paths.invites())

/** The stored invite (functions/src/domain/invite.ts). */
export type InviteDoc = SharedInviteDoc<Timestamp>

/** Reads the invites of one appointment inside a transaction (all reads come before the writes). */
export async function readAppointmentInvites(tx: Transaction, practiceId: string, appointmentId: string) {
  const snap = await tx.get(
    invitesCollection().where('practiceId', '==', practiceId).where('appointmentId', '==', appointmentId).where('status', '==', 'active'),
  )
  return snap.docs
}

/** Creates an active invite for one patient of a video appointment; returns its id and the link token and code. */
export function issueInvite(
  tx: Transaction,
  input: { practiceId: string; appointmentId: string; patientId: string; key: string },
): { inviteId: string; token: string; code: string } {
  const nonce = newInviteNonce()
  const { token, code } = deriveInviteSecrets(input.key, nonce)
  const inviteId = inviteIdForToken(token)
  tx.create(invitesCollection().doc(inviteId), {
    practiceId: input.practiceId,
    appointmentId: input.appointmentId,
    patientId: input.patientId,
    nonce,
    codeHash: hashAccessCode(code),
    status: 'active',
    failedAttempts: 0,
    createdAt: FieldValue.serverTimestamp(),
  } satisfies Omit<InviteDoc, 'createdAt'> & { createdAt: FieldValue })
  return { inviteId, token, code }
}

export function revokeInvite(tx: Transaction, inviteId: string, reason: InviteRevokedReason): void {
  tx.update(invitesCollection().doc(inviteId), { status: 'revoked', revokedReason: reason, revokedAt: FieldValue.serverTimestamp() })
}

/** The link token and code of a patient's active invite, or null when there is none (revoked, not video). */
export interface InviteSecrets {
  inviteId: string
  token: string
  code: string
}

export async function activeInviteSecrets(practiceId: string, appointmentId: string, patientId: string): Promise<InviteSecrets | null> {
  const snap = await invitesCollection()
    .where('practiceId', '==', practiceId)
    .where('appointmentId', '==', appointmentId)
    .where('patientId', '==', patientId)
    .where('status', '==', 'active')
    .limit(1)
    .get()
  const invite = snap.docs[0]
  if (!invite) return null
  return { inviteId: invite.id, ...deriveInviteSecrets(INVITE_KEY.value(), invite.get('nonce') as string) }
}

/** The patient-facing link for a token. */
export function joinUrl(token: string): string {
  return `${APP_URL.value().replace(/\/+$/, '')}/join/${token}`
}
