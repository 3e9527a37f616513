import { FieldValue, Timestamp } from 'firebase-admin/firestore'
import { onRequest } from 'firebase-functions/v2/https'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { creditsForCall } from '../domain/callCharge'
import { applyCallEvent, callStatusFromTwilio, isFinalCallStatus, type CallProgress } from '../domain/callLog'
import { TWILIO_AUTH_TOKEN } from '../lib/config'
import { db } from '../lib/db'
import { logs } from '../lib/logs'
import { runLedgerTransaction } from '../billing/ledger'
import { chargeCallInTransaction } from './chargeCall'
import { phonePaths, type CallDoc } from './phoneStore'
import { StatusCallbackFields, StatusCallbackQuery } from './validation'
import { admitTwilioWebhook, formParams, queryParams } from './webhookUrls'

const toDate = (t: Timestamp | null) => (t ? t.toDate() : null)
const toTimestamp = (d: Date | null) => (d ? Timestamp.fromDate(d) : null)

/**
 * Status callbacks for the callee's leg (signed by Twilio like the voice webhook; 403 and nothing written
 * otherwise). They drive the call log through the state machine in domain/callLog.ts — in any order, duplicates
 * included, ordered by SequenceNumber — and, when the leg ends, charge its connected time (1 credit per started
 * minute; unanswered calls nothing) exactly once through the credit ledger, in the same transaction.
 */
export const phoneStatus = onRequest({ secrets: [TWILIO_AUTH_TOKEN] }, async (req, res) => {
  if (!admitTwilioWebhook(req, res, 'phoneStatus', TWILIO_AUTH_TOKEN.value())) return
  const query = StatusCallbackQuery.safeParse(queryParams(req))
  const fields = StatusCallbackFields.safeParse(formParams(req))
  const status = fields.success ? callStatusFromTwilio(fields.data.CallStatus) : null
  if (!query.success || !fields.success || !status) {
    logs.webhookRejected('malformed')
    res.status(400).send('Bad Request')
    return
  }
  const { practiceId, callSid } = query.data
  const event = fields.data
  const callRef = db().doc(phonePaths.call(practiceId, callSid))

  const outcome = await runLedgerTransaction(async (tx) => {
    const snap = await tx.get(callRef)
    if (!snap.exists) return 'unknown-call' as const
    const call = snap.data() as CallDoc
    // Only the callee's leg is logged; the browser leg's own callbacks (if the TwiML App sends any) change nothing.
    if (event.CallSid === call.callSid) return 'ignored' as const
    if (call.calleeCallSid && call.calleeCallSid !== event.CallSid) return 'ignored' as const
    const progress: CallProgress = {
      status: call.status,
      lastSequence: call.lastSequence,
      answeredAt: toDate(call.answeredAt),
      endedAt: toDate(call.endedAt),
      durationSeconds: call.durationSeconds,
    }
    const next = applyCallEvent(progress, { status, sequence: event.SequenceNumber, at: new Date(), durationSeconds: event.CallDuration })
    if (!next) return 'duplicate' as const
    const final = isFinalCallStatus(next.status)
    const credits = final ? creditsForCall({ finalStatus: next.status, durationSeconds: next.durationSeconds }) : 0
    tx.update(callRef, {
      calleeCallSid: event.CallSid,
      status: next.status,
      lastSequence: next.lastSequence,
      answeredAt: toTimestamp(next.answeredAt),
      endedAt: toTimestamp(next.endedAt),
      durationSeconds: next.durationSeconds,
      ...(final ? { credits, charged: true, held: false } : {}),
      updatedAt: FieldValue.serverTimestamp(),
    })
    if (final && credits > 0 && !call.charged) {
      await chargeCallInTransaction(tx, { practiceId, callSid, credits, placedBy: call.placedBy, onBehalfOf: call.onBehalfOf })
    }
    if (final) {
      appendAuditInTransaction(tx, practiceId, {
        actor: { kind: 'system' },
        action: 'call.ended',
        target: { type: 'call', id: callSid },
        details: { status: next.status, durationSeconds: next.durationSeconds, credits },
      })
    }
    return final ? ('ended' as const) : ('updated' as const)
  })
  logs.callStatus(practiceId, callSid, status, outcome)
  // Twilio retries on errors only; an unknown call is answered 404 so a misrouted callback is visible in its logs.
  res.status(outcome === 'unknown-call' ? 404 : 204).send()
})
