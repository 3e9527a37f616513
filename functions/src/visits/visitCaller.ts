import type { DocumentReference, DocumentSnapshot, Timestamp } from 'firebase-admin/firestore'
import { HttpsError, type CallableRequest } from 'firebase-functions/v2/https'
import { z } from 'zod'
import { joinWindow, joinWindowMinutes, type JoinWindow } from '../domain/joinWindow'
import { isRole } from '../domain/roles'
import { isValidTimeZone } from '../domain/schedule'
import { patientUid, type VisitRef } from '../domain/visit'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { callableInput, documentId } from '../lib/validation'
import { invitesCollection } from '../invites/inviteStore'
import { visitRefs } from './visitStore'

const id = documentId('visit reference')

/** The input of every visit callable: which appointment's visit. */
export const VisitRefInput = callableInput({ practiceId: id, appointmentId: id })

const PatientClaimsShape = z.object({ practiceId: id, appointmentId: id, inviteId: id, patientId: id })

/**
 * Who is calling about a visit:
 * - `practitioner`: the appointment's own practitioner (a member with role practitioner or owner);
 * - `owner`: an owner of the practice who is not the appointment's practitioner (may end a visit, nothing else);
 * - `patient`: a patient token for exactly this appointment, from an invite that still admits them.
 */
export type VisitCaller =
  | { kind: 'practitioner'; uid: string; role: 'practitioner' | 'owner' }
  | { kind: 'owner'; uid: string; role: 'owner' }
  | { kind: 'patient'; uid: string; role: 'patient'; patientId: string; inviteId: string; inviteStatus: 'active' | 'used' }

export type VisitCallerKind = VisitCaller['kind']

export interface VisitAppointment {
  practitionerId: string
  patientIds: string[]
  start: Date
  end: Date
}

export interface VisitContext<K extends VisitCallerKind = VisitCallerKind> {
  ref: VisitRef
  caller: Extract<VisitCaller, { kind: K }>
  appointment: VisitAppointment
  timeZone: string
  /** From `joinWindowMinutes` before the start to the overrun allowance after the booked end. */
  window: JoinWindow
  /** The visit as read with the checks (`withVisit`), without a lock; null when not asked for. */
  visit: DocumentSnapshot | null
}

export interface VisitCallerOptions {
  /** What a caller not in `allowed` reads, e.g. "Only the appointment's practitioner can start the visit." */
  refusal: string
  /** leaveVisit only: a patient who has already clicked End call may repeat it (idempotency). */
  patientMayHaveLeft?: boolean
  /**
   * endVisit only: the appointment may be in any state (cancelled, completed, no longer video). Ending a visit is
   * always allowed to its practitioner and owners, so nothing can leave one live.
   */
  anyAppointmentState?: boolean
  /** Read the visit document too, in the same round trip as the checks (endVisit: an ended visit needs nothing more). */
  withVisit?: boolean
}

/**
 * Identifies the caller for a visit and refuses anyone not in `allowed`, with a message saying who may act.
 * Reads the member document and the invite rather than trusting claims alone, so a removed member or a revoked
 * or used link stops working at once. The appointment must be a scheduled video appointment, unless
 * `anyAppointmentState` (ending a visit).
 */
export async function requireVisitCaller<K extends VisitCallerKind>(
  request: CallableRequest,
  ref: VisitRef,
  allowed: readonly K[],
  options: VisitCallerOptions,
): Promise<VisitContext<K>> {
  const uid = request.auth?.uid
  if (!uid) throw new HttpsError('unauthenticated', 'Sign in, or open your visit link again, to continue.')
  const refs = visitRefs(ref)
  const patientClaims = request.auth?.token.patient
  const identity =
    patientClaims === undefined ? memberIdentity(uid, request.auth?.token.email_verified === true, ref) : patientIdentity(uid, ref, patientClaims, options)
  // One batched read for everything the checks need (and the visit, when asked): each separate get is a round trip.
  const [identitySnap, appointmentSnap, practiceSnap, visitSnap] = (await db().getAll(
    identity.doc,
    refs.appointment,
    refs.practice,
    ...(options.withVisit ? [refs.visit] : []),
  )) as [DocumentSnapshot, DocumentSnapshot, DocumentSnapshot, DocumentSnapshot | undefined]
  // Who is calling is settled first, so a stranger learns nothing about whether the appointment exists.
  const caller = identity.identify(identitySnap)
  if (!appointmentSnap.exists || !practiceSnap.exists) throw new HttpsError('not-found', 'That appointment no longer exists.')
  const appointment: VisitAppointment = {
    practitionerId: appointmentSnap.get('practitionerId') as string,
    patientIds: (appointmentSnap.get('patientIds') as string[] | undefined) ?? [],
    start: (appointmentSnap.get('start') as Timestamp).toDate(),
    end: (appointmentSnap.get('end') as Timestamp).toDate(),
  }

  const resolved = resolveCaller(caller, appointment)
  if (!resolved || !(allowed as readonly VisitCallerKind[]).includes(resolved.kind)) {
    throw new HttpsError('permission-denied', options.refusal)
  }
  const status = appointmentSnap.get('status')
  if (options.anyAppointmentState) return context(ref, resolved, appointment, practiceSnap, visitSnap)
  if (status === 'cancelled') throw new HttpsError('failed-precondition', 'This appointment has been cancelled.')
  if (status !== 'scheduled') throw new HttpsError('failed-precondition', 'This appointment is no longer scheduled.')
  if (appointmentSnap.get('location') !== 'video') throw new HttpsError('failed-precondition', 'This appointment is not a video visit.')

  return context(ref, resolved, appointment, practiceSnap, visitSnap)
}

function context<K extends VisitCallerKind>(
  ref: VisitRef,
  caller: VisitCaller,
  appointment: VisitAppointment,
  practice: DocumentSnapshot,
  visit: DocumentSnapshot | undefined,
): VisitContext<K> {
  return {
    ref,
    caller: caller as Extract<VisitCaller, { kind: K }>,
    appointment,
    timeZone: practiceTimeZone(practice.get('timeZone')),
    window: joinWindow(appointment, joinWindowMinutes(practice.get('settings.joinWindowMinutes'))),
    visit: visit ?? null,
  }
}

/** The practice's zone for messages; a zone this runtime does not know would make every time unreadable. */
function practiceTimeZone(value: unknown): string {
  return typeof value === 'string' && isValidTimeZone(value) ? value : 'UTC'
}

type Identified = { kind: 'member'; uid: string; role: 'owner' | 'practitioner' | 'staff' } | Extract<VisitCaller, { kind: 'patient' }>

/** The document that says who the caller is (their membership or their invite), and what it then says. */
interface CallerIdentity {
  doc: DocumentReference
  identify: (snap: DocumentSnapshot) => Identified
}

function memberIdentity(uid: string, emailVerified: boolean, ref: VisitRef): CallerIdentity {
  // As in the rules: a member session proves control of its email.
  if (!emailVerified) throw new HttpsError('permission-denied', 'Your account’s email address is not verified.')
  return {
    doc: db().doc(paths.member(ref.practiceId, uid)),
    identify: (member) => {
      const role = member.get('role')
      if (!member.exists || !isRole(role)) throw new HttpsError('permission-denied', 'You are not a member of this practice.')
      return { kind: 'member', uid, role }
    },
  }
}

function patientIdentity(uid: string, ref: VisitRef, rawClaims: unknown, options: VisitCallerOptions): CallerIdentity {
  const parsed = PatientClaimsShape.safeParse(rawClaims)
  // The claims scope a patient to exactly one appointment; the uid is bound to the invite the token came from.
  if (!parsed.success || parsed.data.practiceId !== ref.practiceId || parsed.data.appointmentId !== ref.appointmentId) {
    throw new HttpsError('permission-denied', 'Your visit link is for a different visit.')
  }
  const claims = parsed.data
  if (uid !== patientUid(claims.inviteId)) throw new HttpsError('permission-denied', 'Your visit link is for a different visit.')

  return {
    doc: invitesCollection().doc(claims.inviteId),
    identify: (invite) => {
      const sameInvite =
        invite.exists &&
        invite.get('practiceId') === claims.practiceId &&
        invite.get('appointmentId') === claims.appointmentId &&
        invite.get('patientId') === claims.patientId
      if (!sameInvite) throw new HttpsError('permission-denied', 'This visit link is no longer valid. Ask the practice for a new one.')
      const status = invite.get('status')
      if (status === 'used' && !options.patientMayHaveLeft) {
        throw new HttpsError('permission-denied', 'You left this visit, so this link no longer admits you. Call the practice if you need to rejoin.')
      }
      if (status !== 'active' && status !== 'used') {
        throw new HttpsError('permission-denied', 'This visit link has been cancelled. Ask the practice for a new one.')
      }
      return { kind: 'patient', uid, role: 'patient', patientId: claims.patientId, inviteId: claims.inviteId, inviteStatus: status }
    },
  }
}

/** The caller's relation to this appointment; null for staff and other practitioners, who have no part in it. */
function resolveCaller(identified: Identified, appointment: VisitAppointment): VisitCaller | null {
  if (identified.kind === 'patient') {
    // Removing a patient revokes their invite too; this also covers an invite that escaped the revocation.
    if (!appointment.patientIds.includes(identified.patientId)) {
      throw new HttpsError('permission-denied', 'You are no longer booked for this visit. Call the practice if this is a mistake.')
    }
    return identified
  }
  const { uid, role } = identified
  if (role !== 'staff' && appointment.practitionerId === uid) return { kind: 'practitioner', uid, role }
  if (role === 'owner') return { kind: 'owner', uid, role }
  return null
}
