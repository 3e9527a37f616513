import { FieldValue, Timestamp } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { patientUid } from '../domain/visit'
import { MAX_DURATION_MINUTES, overlappingAppointments, validateAppointmentDraft, type AppointmentClashDetails } from '../domain/appointmentRules'
import { issueInvite, readAppointmentInvites, revokeInvite } from '../invites/inviteStore'
import { bookingConfirmationOn } from '../domain/practiceSettings'
import { planBookingConfirmations, sendBookingConfirmations } from '../reminders/bookingConfirmations'
import { INVITE_KEY, TWILIO_AUTH_TOKEN, UNSUBSCRIBE_KEY } from '../lib/config'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { requireRole } from '../lib/authorize'
import { assertMayChange } from './access'
import { SaveAppointmentInput } from './validation'

/**
 * Refuses to double-book the practitioner without an explicit "Book anyway" (`allowOverlap`): the refusal names
 * each clash (time and patients), which the form shows. Reads only the practitioner's appointments that start
 * within the longest possible appointment before this one ends.
 */
async function refuseDoubleBooking(
  tx: FirebaseFirestore.Transaction,
  practitionerId: string,
  appointments: FirebaseFirestore.CollectionReference,
  draft: { start: Date; end: Date; ignoreId: string },
): Promise<void> {
  const nearby = await tx.get(
    appointments
      .where('practitionerId', '==', practitionerId)
      .where('start', '>', Timestamp.fromMillis(draft.start.getTime() - MAX_DURATION_MINUTES * 60_000))
      .where('start', '<', Timestamp.fromDate(draft.end))
      .orderBy('start'),
  )
  const clashes = overlappingAppointments(
    draft,
    nearby.docs.map((d) => ({
      id: d.id,
      start: (d.get('start') as Timestamp).toDate(),
      end: (d.get('end') as Timestamp).toDate(),
      status: d.get('status') as string,
      patients: (d.get('patients') as { firstName: string; lastName: string }[] | undefined) ?? [],
    })),
  )
  if (clashes.length === 0) return
  const details: AppointmentClashDetails = {
    reason: 'overlap',
    clashes: clashes.map((c) => ({ ...c, start: c.start.toISOString(), end: c.end.toISOString() })),
  }
  const count = clashes.length === 1 ? 'another appointment' : `${clashes.length} other appointments`
  throw new HttpsError('failed-precondition', `The practitioner already has ${count} at this time.`, details)
}

/**
 * Creates or changes (including reschedules) an appointment. Trusted work happens here rather than in the
 * client: each patient of a video appointment gets their own invite, a removed patient's invite is revoked, and
 * a reschedule keeps every link valid for the new time (links are tied to the appointment, not to a time). Each
 * patient of a video appointment gets a booking confirmation with their link, once (reminders/bookingConfirmations.ts),
 * sent before this returns.
 */
export const saveAppointment = onCall({ secrets: [INVITE_KEY, TWILIO_AUTH_TOKEN, UNSUBSCRIBE_KEY] }, async (request) => {
  const input = parseInput(SaveAppointmentInput, request.data)
  const caller = await requireRole(request, input.practiceId, ['owner', 'staff', 'practitioner'])
  if (caller.role === 'practitioner' && input.practitionerId !== caller.uid) {
    throw new HttpsError('permission-denied', 'Practitioners can book only their own appointments.')
  }
  const problem = validateAppointmentDraft(input)
  if (problem) throw new HttpsError('invalid-argument', problem)

  const appointments = db().collection(paths.appointments(input.practiceId))
  const appointmentRef = input.appointmentId ? appointments.doc(input.appointmentId) : appointments.doc()
  const end = new Date(input.start.getTime() + input.durationMinutes * 60_000)

  const { outcome, confirmations } = await db().runTransaction(async (tx) => {
    const [practice, practitioner, existing, ...patients] = await tx.getAll(
      db().doc(paths.practice(input.practiceId)),
      db().doc(paths.member(input.practiceId, input.practitionerId)),
      appointmentRef,
      ...input.patientIds.map((id) => db().doc(paths.patient(input.practiceId, id))),
    )
    if (!practitioner!.exists || practitioner!.get('role') !== 'practitioner') {
      throw new HttpsError('invalid-argument', 'Choose a practitioner of this practice.')
    }
    const missing = patients.find((p) => !p.exists)
    if (missing) throw new HttpsError('not-found', 'One of the chosen patients is no longer in the practice’s records.')
    if (input.appointmentId) {
      assertMayChange(caller, existing!)
      if (existing!.get('status') !== 'scheduled') throw new HttpsError('failed-precondition', 'A cancelled appointment can’t be changed.')
    } else if (existing!.exists) {
      throw new HttpsError('already-exists', 'That appointment already exists.')
    }
    if (!input.allowOverlap) await refuseDoubleBooking(tx, input.practitionerId, appointments, { start: input.start, end, ignoreId: appointmentRef.id })
    const activeInvites = await readAppointmentInvites(tx, input.practiceId, appointmentRef.id)
    const wanted = new Set(input.location === 'video' ? input.patientIds : [])
    const withdrawn = activeInvites.filter((invite) => !wanted.has(invite.get('patientId')))
    // A withdrawn patient who is in the visit leaves it now: shown as left (peers drop their media), and the rules
    // refuse their presence, signals and reads from here on.
    const withdrawnPresence = withdrawn.length
      ? await tx.getAll(...withdrawn.map((invite) => db().collection(paths.visitParticipants(input.practiceId, appointmentRef.id)).doc(patientUid(invite.id))))
      : []
    const writeConfirmations = await planBookingConfirmations(tx, {
      practiceId: input.practiceId,
      appointmentId: appointmentRef.id,
      patientIds: [...wanted],
      enabled: bookingConfirmationOn(practice!.get('settings.bookingConfirmation')),
      now: new Date(),
    })

    const fields = {
      practitionerId: input.practitionerId,
      practitionerName: practitioner!.get('displayName') as string,
      start: Timestamp.fromDate(input.start),
      end: Timestamp.fromDate(end),
      location: input.location,
      patientIds: input.patientIds,
      // Denormalised for the calendar: names only, nothing clinical.
      patients: patients.map((p) => ({ id: p.id, firstName: p.get('firstName') as string, lastName: p.get('lastName') as string })),
      notes: input.notes,
      updatedAt: FieldValue.serverTimestamp(),
    }
    if (existing!.exists) tx.update(appointmentRef, fields)
    else tx.create(appointmentRef, { ...fields, status: 'scheduled', createdBy: caller.uid, createdAt: FieldValue.serverTimestamp() })

    const invited = new Set(activeInvites.map((i) => i.get('patientId') as string))
    for (const invite of withdrawn) revokeInvite(tx, invite.id, input.location === 'video' ? 'patient-removed' : 'not-video')
    for (const presence of withdrawnPresence) {
      if (presence.exists && presence.get('state') !== 'left') tx.update(presence.ref, { state: 'left' })
    }
    const key = INVITE_KEY.value()
    for (const patientId of wanted) {
      if (!invited.has(patientId)) issueInvite(tx, { practiceId: input.practiceId, appointmentId: appointmentRef.id, patientId, key })
    }

    const confirmations = writeConfirmations()

    const rescheduled = existing!.exists && (existing!.get('start') as Timestamp).toMillis() !== input.start.getTime()
    appendAuditInTransaction(tx, input.practiceId, {
      actor: caller,
      action: existing!.exists ? 'appointment.updated' : 'appointment.created',
      target: { type: 'appointment', id: appointmentRef.id },
      details: { location: input.location, patients: input.patientIds.length, rescheduled },
    })
    return { outcome: existing!.exists ? ('updated' as const) : ('created' as const), confirmations }
  })
  logs.appointmentSaved(input.practiceId, appointmentRef.id, outcome)
  await sendBookingConfirmations(confirmations)
  return { appointmentId: appointmentRef.id }
})
