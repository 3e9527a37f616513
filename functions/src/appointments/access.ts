import type { DocumentSnapshot } from 'firebase-admin/firestore'
import { HttpsError } from 'firebase-functions/v2/https'
import type { Caller } from '../lib/authorize'

/** Practitioners act on their own appointments only; owners and staff on any of the practice's. */
export function assertMayChange(caller: Caller, appointment: DocumentSnapshot): void {
  if (!appointment.exists) throw new HttpsError('not-found', 'That appointment no longer exists.')
  if (caller.role === 'practitioner' && appointment.get('practitionerId') !== caller.uid) {
    throw new HttpsError('permission-denied', 'Practitioners can change only their own appointments.')
  }
}
