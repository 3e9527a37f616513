import { FieldValue } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { db } from '../lib/db'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { requireRole } from '../lib/authorize'
import { twilioClient } from '../lib/twilioClient'
import { phonePaths, type CallDoc } from './phoneStore'
import { HoldCallInput } from './validation'
import { HOLD_MUSIC_URL } from './voiceTwiml'

/**
 * Holds or resumes the callee of a connected call: the callee hears hold music, the caller hears silence. Only the
 * member who placed the call may do it. Hold is a property of the callee's conference participant.
 */
export const holdCall = onCall(async (request) => {
  const input = parseInput(HoldCallInput, request.data)
  const caller = await requireRole(request, input.practiceId, ['owner', 'practitioner', 'staff'])
  const ref = db().doc(phonePaths.call(input.practiceId, input.callSid))
  const snap = await ref.get()
  const call = snap.data() as CallDoc | undefined
  if (!call || !call.visibleTo.includes(caller.uid)) throw new HttpsError('not-found', 'This call no longer exists.')
  if (call.placedBy !== caller.uid) throw new HttpsError('permission-denied', 'Only the member who placed the call can hold it.')
  if (call.status !== 'in-progress' || !call.calleeCallSid) throw new HttpsError('failed-precondition', 'Only a connected call can be held or resumed.')
  await twilioClient()
    .conferences(call.callSid)
    .participants(call.calleeCallSid)
    .update({ hold: input.hold, ...(input.hold ? { holdUrl: HOLD_MUSIC_URL, holdMethod: 'GET' } : {}) })
  await ref.update({ held: input.hold, updatedAt: FieldValue.serverTimestamp() })
  logs.callHeld(input.practiceId, input.callSid, input.hold)
  return { held: input.hold }
})
