import { Timestamp, type Transaction } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { afterRightCode, afterWrongCode, attemptsLeft, isLocked, type InviteAttempts } from '../domain/inviteLockout'
import { formatPracticeTime } from '../domain/schedule'
import {
  patientUid,
  type InviteProblem,
  type PatientClaims,
  type RedeemInviteErrorDetails,
  type RedeemInviteResult,
} from '../domain/visit'
import { AGORA_APP_ID } from '../lib/config'
import { adminAuth, db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { enforceCallerLimit } from './callerRateLimit'
import { accessCodeMatches } from './inviteSecrets'
import { inviteAttemptFields, inviteProblem, resolveInvite, type InviteState } from './inviteState'
import { invitesCollection } from './inviteStore'
import { RedeemInviteInput } from './validation'
import { INVITE_KEY } from '../lib/config'

/** What a patient reads when the link no longer admits anyone; the page shows the same situations from `reason`. */
const PROBLEM_MESSAGES: Record<InviteProblem, string> = {
  'not-found': "We can't find this visit link. Check that you opened the whole link from your message, or contact the clinic.",
  revoked: 'This link no longer works. Please contact the clinic for a new one.',
  replaced: 'The clinic has issued you a new link for this visit, so this one no longer works. Use the link in their latest message.',
  cancelled: 'This link has been cancelled by the clinic. Please contact them.',
  finished: 'This visit has ended.',
  left: 'You have left this visit, so this link no longer lets you in. Please contact the clinic if you need to rejoin.',
}

function problemError(problem: InviteProblem): HttpsError {
  logs.inviteRefused(problem)
  const details: RedeemInviteErrorDetails = { reason: problem }
  return new HttpsError(problem === 'not-found' ? 'not-found' : 'failed-precondition', PROBLEM_MESSAGES[problem], details)
}

function lockedError(lockedUntil: Date, timeZone: string): HttpsError {
  // Shown to the minute, rounded up: "after 14:35" must not be a minute when the lock still holds.
  const reopens = new Date(Math.ceil(lockedUntil.getTime() / 60_000) * 60_000)
  const details: RedeemInviteErrorDetails = { reason: 'locked', lockedUntil: lockedUntil.toISOString() }
  return new HttpsError('resource-exhausted', `Too many wrong codes. Try again after ${formatPracticeTime(reopens, timeZone)}.`, details)
}

function wrongCodeError(left: number): HttpsError {
  const details: RedeemInviteErrorDetails = { reason: 'wrong-code', attemptsLeft: left }
  return new HttpsError('permission-denied', `That code is not right. ${left} attempt${left === 1 ? '' : 's'} left.`, details)
}

type CodeCheck =
  | { outcome: 'admitted' }
  | { outcome: 'wrong-code'; attemptsLeft: number }
  | { outcome: 'locked'; lockedUntil: Date; justLocked: boolean }
  | { outcome: 'refused'; problem: InviteProblem }

const storedAttempts = (attempts: InviteAttempts) => ({
  failedAttempts: attempts.failedAttempts,
  lockedUntil: attempts.lockedUntil ? Timestamp.fromDate(attempts.lockedUntil) : null,
})

/**
 * Records the code check on the invite. A transaction, because several tabs or an attacker may submit at once: each
 * wrong code must count exactly once, and a code may only be accepted if the invite is still active and unlocked
 * at that moment. Returns the outcome rather than throwing, so that a wrong code's count is committed.
 */
async function recordCodeCheck(tx: Transaction, state: InviteState, codeIsRight: boolean, now: Date): Promise<CodeCheck> {
  const ref = invitesCollection().doc(state.inviteId)
  const fresh = await tx.get(ref)
  if (!fresh.exists) return { outcome: 'refused', problem: 'not-found' }
  const invite = { ...state.invite, ...inviteAttemptFields(fresh.data()!) }
  const problem = inviteProblem({ ...state, invite }, now)
  if (problem) return { outcome: 'refused', problem }
  if (isLocked(invite.lockedUntil, now)) return { outcome: 'locked', lockedUntil: invite.lockedUntil!, justLocked: false }

  const target = { type: 'appointment', id: invite.appointmentId }
  const details = { inviteId: state.inviteId, patientId: invite.patientId }
  if (codeIsRight) {
    tx.update(ref, storedAttempts(afterRightCode()))
    appendAuditInTransaction(tx, invite.practiceId, { actor: { uid: patientUid(state.inviteId), role: 'patient' }, action: 'invite.redeemed', target, details })
    return { outcome: 'admitted' }
  }
  const next = afterWrongCode(invite, now)
  tx.update(ref, storedAttempts(next))
  if (next.lockedUntil) {
    // Whoever typed the codes is unknown (it may not be the patient), so the lock is the system's doing.
    appendAuditInTransaction(tx, invite.practiceId, { actor: { kind: 'system' }, action: 'invite.locked', target, details })
    return { outcome: 'locked', lockedUntil: next.lockedUntil, justLocked: true }
  }
  return { outcome: 'wrong-code', attemptsLeft: attemptsLeft(next.failedAttempts) }
}

/**
 * `redeemInvite({ token, code })`: a patient's link and access code in exchange for a Firebase custom token scoped to
 * exactly that appointment (claims `{ patient: { practiceId, appointmentId, inviteId, patientId } }`), plus what the
 * waiting room shows. Public: the patient has no account.
 *
 * In order: the input's shape (a malformed code is not an attempt); the caller's hourly limit (guessing across many
 * invites); whether the link still admits anyone; the invite's lock; then the code, checked in constant time, with
 * the invite's count of wrong codes updated in a transaction. A right code is accepted before the join window opens
 * (the page counts down); the window is enforced when media access is granted.
 */
export const redeemInvite = onCall({ secrets: [INVITE_KEY] }, async (request): Promise<RedeemInviteResult> => {
  const input = parseInput(RedeemInviteInput, request.data)
  await enforceCallerLimit('redeemInvite', request.rawRequest)

  const now = new Date()
  const resolution = await resolveInvite(input.token, now)
  if (resolution.problem) throw problemError(resolution.problem)
  const { state } = resolution
  const { invite, appointment, practice } = state
  if (isLocked(invite.lockedUntil, now)) throw lockedError(invite.lockedUntil!, practice.timeZone)

  // scrypt once, outside the transaction: the stored hash never changes, and a retried transaction need not redo it.
  const codeIsRight = accessCodeMatches(input.code, invite.codeHash)
  const check = await db().runTransaction((tx) => recordCodeCheck(tx, state, codeIsRight, now))
  switch (check.outcome) {
    case 'refused':
      throw problemError(check.problem)
    case 'locked':
      if (check.justLocked) logs.inviteLocked(invite.practiceId, state.inviteId, check.lockedUntil.toISOString())
      throw lockedError(check.lockedUntil, practice.timeZone)
    case 'wrong-code':
      logs.inviteCodeRejected(state.inviteId, check.attemptsLeft)
      throw wrongCodeError(check.attemptsLeft)
    case 'admitted':
      break
  }

  const claims: PatientClaims = {
    practiceId: invite.practiceId,
    appointmentId: invite.appointmentId,
    inviteId: state.inviteId,
    patientId: invite.patientId,
  }
  const [customToken, practitioner] = await Promise.all([
    adminAuth().createCustomToken(patientUid(state.inviteId), { patient: claims }),
    db().doc(paths.member(invite.practiceId, appointment.practitionerId)).get(),
  ])
  logs.inviteRedeemed(invite.practiceId, invite.appointmentId, state.inviteId)
  return {
    customToken,
    visit: {
      practiceId: invite.practiceId,
      appointmentId: invite.appointmentId,
      patientId: invite.patientId,
      practiceName: practice.name,
      // The member's current name; the copy on the appointment if the member has since been removed.
      practitionerName: (practitioner.get('displayName') as string | undefined) || appointment.practitionerName,
      start: appointment.start.toISOString(),
      end: appointment.end.toISOString(),
      joinOpensAt: state.joinWindow.opensAt.toISOString(),
      joinClosesAt: state.joinWindow.closesAt.toISOString(),
      mediaProvider: AGORA_APP_ID.value() ? 'agora' : 'webrtc',
      timeZone: practice.timeZone,
    },
  }
})
