import type { DocumentSnapshot } from 'firebase-admin/firestore'
import { HttpsError, type CallableRequest } from 'firebase-functions/v2/https'
import { requireRole, type Caller } from '../lib/authorize'
import { db } from '../lib/db'
import { paths } from '../lib/paths'

/** Practitioners act on their own appointments only; anyone else the role check let through on any of the practice's. */
function assertOwnOrAnyRole(caller: Caller, appointment: DocumentSnapshot, refusal: string): void {
  if (!appointment.exists) throw new HttpsError('not-found', 'That appointment no longer exists.')
  if (caller.role === 'practitioner' && appointment.get('practitionerId') !== caller.uid) {
    throw new HttpsError('permission-denied', refusal)
  }
}

/** Practitioners act on their own appointments only; owners and staff on any of the practice's. */
export function assertMayChange(caller: Caller, appointment: DocumentSnapshot): void {
  assertOwnOrAnyRole(caller, appointment, 'Practitioners can change only their own appointments.')
}

/**
 * The caller and the appointment, for handling its visit links (see, copy, re-send): reception and owners on any
 * appointment (staff book most visits and send the links), practitioners on their own; `refusal` tells another
 * practitioner what they cannot do.
 */
export async function readAppointmentForItsLinks(
  request: CallableRequest,
  input: { practiceId: string; appointmentId: string },
  refusal: string,
): Promise<{ caller: Caller; appointment: DocumentSnapshot }> {
  const caller = await requireRole(request, input.practiceId, ['owner', 'staff', 'practitioner'])
  const appointment = await db().doc(paths.appointment(input.practiceId, input.appointmentId)).get()
  assertOwnOrAnyRole(caller, appointment, refusal)
  return { caller, appointment }
}
