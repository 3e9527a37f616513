import { Timestamp } from 'firebase-admin/firestore'
import { joinWindow, joinWindowMinutes, joinWindowState, type JoinWindow } from '../domain/joinWindow'
import { isValidTimeZone } from '../domain/schedule'
import type { InviteProblem } from '../domain/visit'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { isDocumentId } from '../lib/validation'
import { inviteIdForToken } from './inviteSecrets'
import { invitesCollection } from './inviteStore'

/** What a link leads to, read from the invite, its appointment, its practice and (once started) its visit. */
export interface InviteState {
  inviteId: string
  invite: {
    practiceId: string
    appointmentId: string
    patientId: string
    codeHash: string
    status: string
    revokedReason: string | null
    failedAttempts: number
    lockedUntil: Date | null
  }
  appointment: {
    start: Date
    end: Date
    status: string
    location: string
    practitionerId: string
    /** Denormalised on the appointment when it was saved; the member's current displayName is preferred. */
    practitionerName: string
    patientIds: string[]
  }
  practice: { name: string; timeZone: string; joinWindowMinutes: number }
  visit: { status: string } | null
  joinWindow: JoinWindow
}

export type InviteResolution = { problem: InviteProblem } | { problem: null; state: InviteState }

const toDate = (value: unknown): Date | null => (value instanceof Timestamp ? value.toDate() : null)

/** The invite fields the code check reads and writes, from a (possibly fresher, in-transaction) snapshot's data. */
export function inviteAttemptFields(data: Record<string, unknown>): Pick<InviteState['invite'], 'status' | 'revokedReason' | 'failedAttempts' | 'lockedUntil'> {
  return {
    status: String(data.status ?? ''),
    revokedReason: typeof data.revokedReason === 'string' ? data.revokedReason : null,
    failedAttempts: typeof data.failedAttempts === 'number' ? data.failedAttempts : 0,
    lockedUntil: toDate(data.lockedUntil),
  }
}

/**
 * Why this link admits no one (any more), or null when it still does. Checked in this order, so the page tells the
 * patient the most useful thing: the clinic cancelled; the link was withdrawn (patient removed, no longer video);
 * the clinic issued a new link for this patient; the visit is over (ended by the practitioner, or past the join
 * window's close); the patient left with End call.
 * An invite status this code does not know is refused as revoked rather than admitted.
 */
export function inviteProblem(state: Pick<InviteState, 'invite' | 'appointment' | 'visit' | 'joinWindow'>, now: Date): InviteProblem | null {
  const { invite, appointment, visit } = state
  if (appointment.status === 'cancelled' || invite.revokedReason === 'appointment-cancelled') return 'cancelled'
  if (invite.status === 'revoked' && invite.revokedReason === 'reissued' && appointment.patientIds.includes(invite.patientId)) return 'replaced'
  if (invite.status === 'revoked' || appointment.location !== 'video' || !appointment.patientIds.includes(invite.patientId)) return 'revoked'
  if (visit?.status === 'ended' || appointment.status === 'completed' || joinWindowState(state.joinWindow, now).state === 'closed') {
    return 'finished'
  }
  if (invite.status === 'used') return 'left'
  if (invite.status !== 'active') return 'revoked'
  return null
}

/**
 * Resolves a link token to everything about its invite, and the problem if the link no longer admits anyone. An
 * unknown token, or an invite whose practice or appointment has gone, is 'not-found'.
 */
export async function resolveInvite(token: string, now = new Date()): Promise<InviteResolution> {
  const inviteId = inviteIdForToken(token)
  const inviteSnap = await invitesCollection().doc(inviteId).get()
  const data = inviteSnap.data()
  if (!data || !isDocumentId(data.practiceId) || !isDocumentId(data.appointmentId)) return { problem: 'not-found' }

  const [practiceSnap, appointmentSnap, visitSnap] = await db().getAll(
    db().doc(paths.practice(data.practiceId)),
    db().doc(paths.appointment(data.practiceId, data.appointmentId)),
    db().doc(paths.visit(data.practiceId, data.appointmentId)),
  )
  const start = toDate(appointmentSnap?.get('start'))
  const end = toDate(appointmentSnap?.get('end'))
  if (!practiceSnap?.exists || !appointmentSnap?.exists || !start || !end) return { problem: 'not-found' }

  const timeZone = String(practiceSnap.get('timeZone') ?? '')
  const practice = {
    name: String(practiceSnap.get('name') ?? ''),
    // A practice with a broken zone still gets a page: times shown in UTC rather than an error.
    timeZone: isValidTimeZone(timeZone) ? timeZone : 'UTC',
    joinWindowMinutes: joinWindowMinutes(practiceSnap.get('settings.joinWindowMinutes')),
  }
  const state: InviteState = {
    inviteId,
    invite: {
      practiceId: data.practiceId,
      appointmentId: data.appointmentId,
      patientId: String(data.patientId ?? ''),
      codeHash: String(data.codeHash ?? ''),
      ...inviteAttemptFields(data),
    },
    appointment: {
      start,
      end,
      status: String(appointmentSnap.get('status') ?? ''),
      location: String(appointmentSnap.get('location') ?? ''),
      practitionerId: String(appointmentSnap.get('practitionerId') ?? ''),
      practitionerName: String(appointmentSnap.get('practitionerName') ?? ''),
      patientIds: (appointmentSnap.get('patientIds') as string[] | undefined) ?? [],
    },
    practice,
    visit: visitSnap?.exists ? { status: String(visitSnap.get('status') ?? '') } : null,
    joinWindow: joinWindow({ start, end }, practice.joinWindowMinutes),
  }
  const problem = inviteProblem(state, now)
  return problem ? { problem } : { problem: null, state }
}
