import { FieldValue } from 'firebase-admin/firestore'
import { onCall } from 'firebase-functions/v2/https'
import type { LeaveVisitResult } from '../domain/visit'
import { invitesCollection } from '../invites/inviteStore'
import { db } from '../lib/db'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { requireVisitCaller, VisitRefInput } from './visitCaller'
import { visitRefs } from './visitStore'

/**
 * A patient's End call: they have left for good, so their link stops admitting them (the invite becomes
 * `used`), unlike a dropped connection, after which the same link rejoins. Their presence shows `left` at once.
 * Calling it again changes nothing.
 */
export const leaveVisit = onCall(async (request): Promise<LeaveVisitResult> => {
  const ref = parseInput(VisitRefInput, request.data)
  const { caller } = await requireVisitCaller(request, ref, ['patient'], {
    refusal: 'Only a patient leaves a visit this way; the practitioner ends it for everyone.',
    patientMayHaveLeft: true,
  })
  const invite = invitesCollection().doc(caller.inviteId)
  const participant = visitRefs(ref).participants.doc(caller.uid)

  const changed = await db().runTransaction(async (tx) => {
    const [inviteSnap, participantSnap] = await Promise.all([tx.get(invite), tx.get(participant)])
    const leaving = inviteSnap.get('status') === 'active'
    if (leaving) tx.update(invite, { status: 'used', usedAt: FieldValue.serverTimestamp() })
    // Only an existing presence document: a partial one written here would not match the participant shape.
    if (participantSnap.exists && participantSnap.get('state') !== 'left') tx.update(participant, { state: 'left' })
    return leaving
  })
  if (changed) logs.visitLeft(ref.practiceId, ref.appointmentId, caller.uid)
  return { state: 'left' }
})
