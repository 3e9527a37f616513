import { onCall } from 'firebase-functions/v2/https'
import type { CheckMemberInvitationResult } from '../domain/memberInvitation'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { parseInput } from '../lib/validation'
import { invitationIdForToken, memberInvitationsCollection } from './invitationStore'
import { readMemberInvitation } from './invitationState'
import { CheckMemberInvitationInput } from './validation'

/**
 * `checkMemberInvitation({ token })`: what the invitation link's page shows. Public: the holder of the link is who it
 * was emailed to, so it answers with the practice, the invited name, address and role, or why the link is spent.
 */
export const checkMemberInvitation = onCall(async (request): Promise<CheckMemberInvitationResult> => {
  const { token } = parseInput(CheckMemberInvitationInput, request.data)
  const snap = await memberInvitationsCollection().doc(invitationIdForToken(token)).get()
  const resolved = readMemberInvitation(snap, new Date())
  if (resolved.problem) return { state: resolved.problem }
  const { invitation } = resolved
  const practice = await db().doc(paths.practice(invitation.practiceId)).get()
  return {
    state: 'ready',
    practiceName: String(practice.get('name') ?? ''),
    email: invitation.email,
    displayName: invitation.displayName,
    role: invitation.role,
    expiresAt: invitation.expiresAt.toISOString(),
  }
})
