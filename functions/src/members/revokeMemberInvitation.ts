import { FieldValue } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { db } from '../lib/db'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { requireRole } from '../lib/authorize'
import { memberInvitationsCollection } from './invitationStore'
import { RevokeMemberInvitationInput } from './validation'

/** Owners withdraw a pending invitation: its link stops working at once. Withdrawing twice is harmless. */
export const revokeMemberInvitation = onCall(async (request) => {
  const input = parseInput(RevokeMemberInvitationInput, request.data)
  const caller = await requireRole(request, input.practiceId, ['owner'])
  const ref = memberInvitationsCollection().doc(input.invitationId)

  await db().runTransaction(async (tx) => {
    const invitation = await tx.get(ref)
    if (!invitation.exists || invitation.get('practiceId') !== input.practiceId) {
      throw new HttpsError('not-found', 'That invitation does not exist.')
    }
    const status = invitation.get('status')
    if (status === 'revoked') return
    if (status !== 'pending') throw new HttpsError('failed-precondition', 'That invitation has already been accepted.')
    tx.update(ref, { status: 'revoked', revokedBy: caller.uid, revokedAt: FieldValue.serverTimestamp(), revokedReason: 'withdrawn' })
    appendAuditInTransaction(tx, input.practiceId, {
      actor: caller,
      action: 'member.invitationRevoked',
      target: { type: 'memberInvitation', id: input.invitationId },
      details: { role: String(invitation.get('role') ?? '') },
    })
  })
  logs.memberInvitationRevoked(input.practiceId, input.invitationId)
  return { invitationId: input.invitationId }
})
