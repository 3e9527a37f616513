import { FieldValue, Timestamp } from 'firebase-admin/firestore'
import { onRequest } from 'firebase-functions/v2/https'
import { appendAudit } from '../audit/appendAudit'
import { MIN_CREDITS_TO_CALL } from '../domain/callCharge'
import { mayCallFrom } from '../domain/phoneNumbers'
import { isRole } from '../domain/roles'
import { TWILIO_AUTH_TOKEN } from '../lib/config'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { twilioClient } from '../lib/twilioClient'
import { readBalance } from './chargeCall'
import { findRecipient } from './callRecipient'
import { phonePaths, readPhoneNumber, type CallDoc } from './phoneStore'
import { TwilioCallFields, VoiceCallParams } from './validation'
import { conferenceTwiml, refusalTwiml } from './voiceTwiml'
import { admitTwilioWebhook, formParams, webhookBase } from './webhookUrls'

/** How long the callee's phone rings before Twilio gives up (no-answer). */
const RING_SECONDS = 30

const CUSTOM_KEYS = ['practiceId', 'fromNumber', 'recipientKind', 'recipientId', 'onBehalfOf', 'appointmentId'] as const

class Refusal extends Error {}

async function memberName(practiceId: string, uid: string): Promise<{ role: string; name: string } | null> {
  const member = await db().doc(paths.member(practiceId, uid)).get()
  const role = member.get('role')
  if (!member.exists || !isRole(role)) return null
  return { role, name: String(member.get('displayName') ?? '') }
}

/**
 * The TwiML App's Voice URL: Twilio calls it when the browser places a call. Only genuine Twilio requests (valid
 * X-Twilio-Signature for this exact URL) get past the first line; forged or unsigned ones get 403 and nothing is
 * written. The webhook then re-checks everything the browser claimed — the caller is a member, may use the From
 * number, the recipient is the practice's own patient or contact (the number comes from their record), the
 * on-behalf-of practitioner is a member, and there is credit — logs the call, puts the browser leg in a one-to-one
 * conference and adds the callee to it, so that the callee can be held.
 */
export const phoneVoice = onRequest({ secrets: [TWILIO_AUTH_TOKEN] }, async (req, res) => {
  if (!admitTwilioWebhook(req, res, 'phoneVoice', TWILIO_AUTH_TOKEN.value())) return
  const form = formParams(req)
  const twilioFields = TwilioCallFields.safeParse(form)
  const custom = VoiceCallParams.safeParse(Object.fromEntries(CUSTOM_KEYS.filter((k) => form[k] !== undefined && form[k] !== '').map((k) => [k, form[k]])))
  if (!twilioFields.success || !custom.success) {
    logs.webhookRejected('malformed')
    res.status(400).type('text/xml').send(refusalTwiml('This call could not be placed.'))
    return
  }
  const callSid = twilioFields.data.CallSid
  const uid = twilioFields.data.From.slice('client:'.length)
  const call = custom.data
  const callRef = db().doc(phonePaths.call(call.practiceId, callSid))

  try {
    // A retried webhook for a call already logged: answer the same TwiML, add no second callee.
    if ((await callRef.get()).exists) {
      res.status(200).type('text/xml').send(conferenceTwiml(callSid))
      return
    }
    const [caller, onBehalf, number, recipient, balance] = await Promise.all([
      memberName(call.practiceId, uid),
      memberName(call.practiceId, call.onBehalfOf),
      readPhoneNumber(call.practiceId, call.fromNumber),
      findRecipient(call.practiceId, call.recipientKind, call.recipientId),
      readBalance(call.practiceId),
    ])
    if (!caller) throw new Refusal('You are not a member of this practice.')
    if (!mayCallFrom(number, uid)) throw new Refusal('You may not call from this number.')
    if (!onBehalf || (call.onBehalfOf !== uid && onBehalf.role === 'staff')) throw new Refusal('The call must be on behalf of a practitioner of this practice.')
    if (!recipient) throw new Refusal('This number is not a patient or contact of the practice.')
    if (call.appointmentId) {
      const appointment = await db().doc(phonePaths.appointment(call.practiceId, call.appointmentId)).get()
      const patientIds = appointment.get('patientIds')
      if (!appointment.exists || call.recipientKind !== 'patient' || !Array.isArray(patientIds) || !patientIds.includes(call.recipientId)) {
        throw new Refusal('This appointment is not with this patient.')
      }
    }
    if (balance < MIN_CREDITS_TO_CALL) throw new Refusal('The practice has too few credits to place a call.')

    const doc: CallDoc = {
      callSid,
      calleeCallSid: null,
      placedBy: uid,
      placedByName: caller.name,
      onBehalfOf: call.onBehalfOf,
      onBehalfOfName: onBehalf.name,
      visibleTo: [...new Set([uid, call.onBehalfOf])],
      from: call.fromNumber,
      to: recipient.number,
      recipient: { kind: recipient.kind, id: recipient.id, name: recipient.name },
      recipientNameLower: recipient.name.toLowerCase(),
      appointmentId: call.appointmentId ?? null,
      status: 'queued',
      lastSequence: -1,
      startedAt: Timestamp.now(),
      answeredAt: null,
      endedAt: null,
      durationSeconds: 0,
      credits: 0,
      charged: false,
      held: false,
    }
    await callRef.create(doc)

    const statusCallback = `${webhookBase(req)}/phoneStatus?practiceId=${encodeURIComponent(call.practiceId)}&callSid=${callSid}`
    try {
      const participant = await twilioClient().conferences(callSid).participants.create({
        from: call.fromNumber,
        to: recipient.number,
        statusCallback,
        statusCallbackMethod: 'POST',
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        endConferenceOnExit: true,
        beep: 'false',
        record: false,
        timeout: RING_SECONDS,
      })
      // Callbacks may have set it already (they can outrun this answer); the same value either way.
      await callRef.update({ calleeCallSid: participant.callSid, updatedAt: FieldValue.serverTimestamp() })
    } catch (err) {
      logs.callDialFailed(call.practiceId, callSid, err)
      await callRef.update({ status: 'failed', endedAt: Timestamp.now(), updatedAt: FieldValue.serverTimestamp() })
      res.status(200).type('text/xml').send(refusalTwiml('The call could not be connected. Please try again.'))
      return
    }
    await appendAudit(call.practiceId, {
      actor: { uid, role: caller.role },
      action: 'call.placed',
      target: { type: 'call', id: callSid },
      details: { recipientKind: recipient.kind, recipientId: recipient.id, onBehalfOf: call.onBehalfOf, appointmentId: call.appointmentId ?? null },
    })
    logs.callPlaced(call.practiceId, callSid)
    res.status(200).type('text/xml').send(conferenceTwiml(callSid))
  } catch (err) {
    if (!(err instanceof Refusal)) throw err
    logs.callRefused(call.practiceId, err.message)
    res.status(200).type('text/xml').send(refusalTwiml(err.message))
  }
})
