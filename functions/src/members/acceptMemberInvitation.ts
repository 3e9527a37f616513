import { FieldValue } from 'firebase-admin/firestore'
import { HttpsError, onCall, type CallableRequest } from 'firebase-functions/v2/https'
import type { UserRecord } from 'firebase-admin/auth'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { MEMBER_INVITATION_PROBLEM_MESSAGES, type AcceptMemberInvitationResult, type MemberInvitationProblem } from '../domain/memberInvitation'
import { adminAuth, db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { invitationIdForToken, memberInvitationsCollection } from './invitationStore'
import { readMemberInvitation, type MemberInvitation } from './invitationState'
import { AcceptMemberInvitationInput } from './validation'

/** How the account that joins came to be: created now, an existing verified account, or an unverified one reclaimed. */
type AccountSource = 'created' | 'signed-in' | 'reclaimed'

function refuse(problem: MemberInvitationProblem): never {
  throw new HttpsError(problem === 'not-found' ? 'not-found' : 'failed-precondition', MEMBER_INVITATION_PROBLEM_MESSAGES[problem], { reason: problem })
}

async function userByEmail(email: string): Promise<UserRecord | null> {
  try {
    return await adminAuth().getUserByEmail(email)
  } catch (err) {
    if ((err as { code?: string }).code === 'auth/user-not-found') return null
    throw err
  }
}

/**
 * The signed-in caller accepts for themselves: their account must carry the invited address, verified. A patient's
 * visit token, or an account someone registered for that address without proving it, is refused.
 */
function signedInAccount(request: CallableRequest, invitation: MemberInvitation): { uid: string; source: AccountSource } {
  const auth = request.auth
  if (!auth) throw new HttpsError('unauthenticated', 'Choose a password to create your account, or sign in to your existing account first.')
  const email = typeof auth.token.email === 'string' ? auth.token.email.toLowerCase() : ''
  if (auth.token.patient !== undefined || email !== invitation.email) {
    throw new HttpsError('permission-denied', `This invitation is for ${invitation.email}. Sign in to that account to accept it.`)
  }
  if (auth.token.email_verified !== true) {
    throw new HttpsError('permission-denied', 'Your account’s email address is not verified, so it cannot accept this invitation. Choose a password instead.')
  }
  return { uid: auth.uid, source: 'signed-in' }
}

/**
 * A new person sets their own password from the link, which proves they control the address. An account for that
 * address that was never verified (someone registered it first, without the mailbox) is reclaimed: it gets the new
 * password and the verified flag, and every session it had is revoked. A verified account must sign in instead.
 */
async function accountWithPassword(invitation: MemberInvitation, password: string): Promise<{ uid: string; source: AccountSource }> {
  const existing = await userByEmail(invitation.email)
  if (!existing) {
    const created = await adminAuth().createUser({ email: invitation.email, emailVerified: true, password, displayName: invitation.displayName })
    return { uid: created.uid, source: 'created' }
  }
  if (existing.emailVerified) {
    throw new HttpsError(
      'failed-precondition',
      `An account for ${invitation.email} already exists. Sign in to it, then open this link again to accept.`,
      { reason: 'sign-in-required' },
    )
  }
  await adminAuth().updateUser(existing.uid, { password, emailVerified: true, displayName: existing.displayName ?? invitation.displayName })
  await adminAuth().revokeRefreshTokens(existing.uid)
  return { uid: existing.uid, source: 'reclaimed' }
}

/**
 * `acceptMemberInvitation({ token, password? })`: the invitation's holder joins the practice with the invited role.
 * With a password, as a new account (see accountWithPassword); without, as the signed-in verified account with the
 * invited address. The link works once; the membership, the spent invitation and the audit entry are one write.
 */
export const acceptMemberInvitation = onCall(async (request): Promise<AcceptMemberInvitationResult> => {
  const input = parseInput(AcceptMemberInvitationInput, request.data)
  const ref = memberInvitationsCollection().doc(invitationIdForToken(input.token))
  const first = readMemberInvitation(await ref.get(), new Date())
  if (first.problem) refuse(first.problem)
  const invitation = first.invitation
  const account = input.password === undefined ? signedInAccount(request, invitation) : await accountWithPassword(invitation, input.password)

  await db().runTransaction(async (tx) => {
    const memberRef = db().doc(paths.member(invitation.practiceId, account.uid))
    const [snap, member] = await Promise.all([tx.get(ref), tx.get(memberRef)])
    const current = readMemberInvitation(snap, new Date())
    if (current.problem) refuse(current.problem)
    if (member.exists) throw new HttpsError('already-exists', 'You are already a member of this practice. Sign in to open the console.')
    tx.create(memberRef, {
      uid: account.uid,
      email: invitation.email,
      displayName: invitation.displayName,
      role: invitation.role,
      invitationId: invitation.id,
      createdAt: FieldValue.serverTimestamp(),
      updatedAt: FieldValue.serverTimestamp(),
    })
    tx.update(ref, { status: 'accepted', acceptedBy: account.uid, acceptedAt: FieldValue.serverTimestamp() })
    appendAuditInTransaction(tx, invitation.practiceId, {
      actor: { uid: account.uid, role: invitation.role },
      action: 'member.added',
      target: { type: 'member', id: account.uid },
      details: { role: invitation.role, invitationId: invitation.id, account: account.source },
    })
  })
  logs.memberAdded(invitation.practiceId, account.uid, invitation.role)
  return { practiceId: invitation.practiceId, email: invitation.email, role: invitation.role }
})
