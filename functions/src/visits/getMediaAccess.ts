import { FieldValue } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import type { MediaAccess } from '../domain/visit'
import { AGORA_APP_CERTIFICATE, AGORA_APP_ID } from '../lib/config'
import { db } from '../lib/db'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { assertInsideJoinWindow } from './joinWindowCheck'
import { chooseMediaAccess, type MediaConfig } from './mediaAccess'
import { requireVisitCaller, VisitRefInput } from './visitCaller'
import { visitRefs, type MediaKeyDoc } from './visitStore'

/**
 * Lets the appointment's practitioner or one of its patients into the visit's media channel: only inside the
 * join window (on the server's clock, whatever the client shows), only once the practitioner has started the
 * visit and until it ends. Records each patient who gets access, since billing charges for them. Clients call it
 * again to renew before `expiresAt`.
 */
export const getMediaAccess = onCall({ secrets: [AGORA_APP_CERTIFICATE] }, async (request): Promise<MediaAccess> => {
  const ref = parseInput(VisitRefInput, request.data)
  const { caller, window, timeZone } = await requireVisitCaller(request, ref, ['practitioner', 'patient'], {
    refusal: "Only the appointment's practitioner and its patients can join this visit.",
  })
  const now = new Date()
  const closesAt = assertInsideJoinWindow(window, now, timeZone, 'joined')
  const refs = visitRefs(ref)

  const { mediaProvider, mediaKey } = await db().runTransaction(async (tx) => {
    const [visit, key] = await Promise.all([tx.get(refs.visit), tx.get(refs.mediaKey)])
    if (visit.get('status') === 'ended') throw new HttpsError('failed-precondition', 'This visit has ended.')
    if (visit.get('status') !== 'live') {
      throw new HttpsError('failed-precondition', caller.kind === 'patient' ? 'The visit has not started yet.' : 'Start the visit first.')
    }
    // In the same transaction as the status check, so a patient is never added to a visit that has just ended.
    if (caller.kind === 'patient') tx.update(refs.visit, { joinedPatientIds: FieldValue.arrayUnion(caller.patientId) })
    return { mediaProvider: visit.get('mediaProvider') as string, mediaKey: key.exists ? (key.data() as MediaKeyDoc) : null }
  })

  // The provider the visit started with, so a configuration change never splits one visit across two providers.
  const config: MediaConfig =
    mediaProvider === 'agora'
      ? { agoraAppId: AGORA_APP_ID.value(), agoraAppCertificate: AGORA_APP_CERTIFICATE.value() }
      : { agoraAppId: '', agoraAppCertificate: '' }
  let access: MediaAccess
  try {
    access = chooseMediaAccess({ config, ref, uid: caller.uid, now, closesAt, mediaKey })
  } catch (err) {
    logs.mediaMisconfigured(String(err))
    throw new HttpsError('internal', 'Video is unavailable because of a configuration problem at the practice. Please call the practice.')
  }
  logs.mediaAccessGranted(ref.practiceId, ref.appointmentId, caller.uid, access.provider)
  return access
})
