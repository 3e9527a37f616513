import { FieldValue } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { z } from 'zod'
import { mediaAccessDecision } from '../domain/mediaAccessGrant'
import type { MediaAccess, VisitDoc } from '../domain/visit'
import { AGORA_APP_CERTIFICATE, AGORA_APP_ID } from '../lib/config'
import { db } from '../lib/db'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { answeringWarmUp } from '../lib/warmUp'
import { assertInsideJoinWindow } from './joinWindowCheck'
import { chooseMediaAccess, mediaProviderFor, type MediaConfig } from './mediaAccess'
import { requireVisitCaller, VisitRefInput } from './visitCaller'
import { ensureMediaKey, visitRefs, type MediaKeyDoc } from './visitStore'

const GetMediaAccessInput = VisitRefInput.extend({ purpose: z.enum(['join', 'prefetch']).optional() })

/**
 * Lets the appointment's practitioner or one of its patients into the visit's media channel: only inside the
 * join window (on the server's clock, whatever the client shows) and until the visit ends. A join needs the visit
 * started, and records each patient who gets access, since billing charges for them; a `prefetch` (while waiting,
 * so that Start needs no round trip) is granted before Start too and records nothing: the client confirms with a
 * join once it is in the channel. Clients call it again to renew before `expiresAt`. Answers `{ warm: true }` at once.
 */
export const getMediaAccess = onCall({ secrets: [AGORA_APP_CERTIFICATE] }, answeringWarmUp(async (request): Promise<MediaAccess> => {
  const { purpose = 'join', ...ref } = parseInput(GetMediaAccessInput, request.data)
  const { caller, window, timeZone } = await requireVisitCaller(request, ref, ['practitioner', 'patient'], {
    refusal: "Only the appointment's practitioner and its patients can join this visit.",
  })
  const now = new Date()
  const closesAt = assertInsideJoinWindow(window, now, timeZone, 'joined')
  const refs = visitRefs(ref)

  const { mediaProvider, mediaKey } = await db().runTransaction(async (tx) => {
    const [visit, key] = await Promise.all([tx.get(refs.visit), tx.get(refs.mediaKey)])
    const status = visit.exists ? (visit.get('status') as VisitDoc['status']) : null
    const existingKey = key.exists ? (key.data() as MediaKeyDoc) : null
    const decision = mediaAccessDecision({ visitStatus: status, purpose, caller: caller.kind })
    if (!decision.grant && decision.refusal === 'ended') throw new HttpsError('failed-precondition', 'This visit has ended.')
    if (!decision.grant) {
      throw new HttpsError('failed-precondition', caller.kind === 'patient' ? 'The visit has not started yet.' : 'Start the visit first.')
    }
    // In the same transaction as the status check, so a patient is never added to a visit that has just ended.
    if (decision.recordsJoin && caller.kind === 'patient') {
      tx.update(refs.visit, { joinedPatientIds: FieldValue.arrayUnion(caller.patientId) })
    }
    if (visit.exists) {
      return { mediaProvider: visit.get('mediaProvider') as string, mediaKey: existingKey }
    }
    // A prefetch before the first Start: the provider Start will choose, and for Agora the media key Start would
    // create (Start keeps a key it finds; the visit's End deletes it as before).
    const provider = mediaProviderFor({ agoraAppId: AGORA_APP_ID.value() })
    return { mediaProvider: provider, mediaKey: provider === 'agora' ? ensureMediaKey(tx, key) : existingKey }
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
  logs.mediaAccessGranted(ref.practiceId, ref.appointmentId, caller.uid, access.provider, purpose)
  return access
}))
