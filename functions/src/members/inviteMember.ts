import { FieldValue, Timestamp } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { MEMBER_INVITATION_DAYS, memberInvitationExpiresAt, type MemberInvitationDoc } from '../domain/memberInvitation'
import { ROLE_LABELS } from '../domain/roles'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { requireRole } from '../lib/authorize'
import { invitationEmail, invitationIdForToken, invitationUrl, memberInvitationsCollection, newInvitationToken } from './invitationStore'
import { InviteMemberInput } from './validation'

/**
 * Owners invite someone to the practice by email: an invitation with a one-time link (only its hash is stored) that
 * expires after MEMBER_INVITATION_DAYS, sent through the `mail` collection, and audited. Nothing is granted until the
 * link's holder accepts (acceptMemberInvitation), which proves they control the address; no account is created or
 * touched here, and no password is ever chosen by the owner. Inviting the same address again withdraws the earlier
 * link.
 */
export const inviteMember = onCall(async (request) => {
  const input = parseInput(InviteMemberInput, request.data)
  const caller = await requireRole(request, input.practiceId, ['owner'])
  const practiceRef = db().doc(paths.practice(input.practiceId))

  const token = newInvitationToken()
  const invitationId = invitationIdForToken(token)
  const now = new Date()
  const expiresAt = memberInvitationExpiresAt(now)

  await db().runTransaction(async (tx) => {
    const [practice, sameEmailMembers, earlier] = await Promise.all([
      tx.get(practiceRef),
      tx.get(db().collection(paths.members(input.practiceId)).where('email', '==', input.email).limit(1)),
      tx.get(
        memberInvitationsCollection()
          .where('practiceId', '==', input.practiceId)
          .where('email', '==', input.email)
          .where('status', '==', 'pending'),
      ),
    ])
    if (!practice.exists) throw new HttpsError('not-found', 'That practice no longer exists.')
    if (!sameEmailMembers.empty) throw new HttpsError('already-exists', `${input.email} is already a member of this practice.`)

    for (const old of earlier.docs) {
      tx.update(old.ref, { status: 'revoked', revokedBy: caller.uid, revokedAt: FieldValue.serverTimestamp(), revokedReason: 'replaced' })
    }
    tx.create(memberInvitationsCollection().doc(invitationId), {
      practiceId: input.practiceId,
      email: input.email,
      displayName: input.displayName,
      role: input.role,
      status: 'pending',
      invitedBy: caller.uid,
      createdAt: FieldValue.serverTimestamp(),
      expiresAt: Timestamp.fromDate(expiresAt),
    } satisfies MemberInvitationDoc)
    tx.create(db().collection('mail').doc(`member-invitation-${invitationId}`), {
      to: input.email,
      message: invitationEmail({
        practiceName: String(practice.get('name') ?? 'your practice'),
        displayName: input.displayName,
        roleLabel: ROLE_LABELS[input.role],
        url: invitationUrl(token),
        days: MEMBER_INVITATION_DAYS,
      }),
      // For whoever reads the mail collection (the dev output, tests); the Trigger Email extension ignores them.
      kind: 'member-invitation',
      practiceId: input.practiceId,
      createdAt: FieldValue.serverTimestamp(),
    })
    appendAuditInTransaction(tx, input.practiceId, {
      actor: caller,
      action: 'member.invited',
      target: { type: 'memberInvitation', id: invitationId },
      details: { role: input.role, replaced: earlier.size },
    })
  })
  logs.memberInvited(input.practiceId, invitationId, input.role)
  return { invitationId, expiresAt: expiresAt.toISOString() }
})
