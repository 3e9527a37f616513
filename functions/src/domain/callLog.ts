/**
 * The call log's state machine. Twilio posts status callbacks for the callee's leg (initiated → ringing →
 * in-progress → completed, or busy / no-answer / failed / canceled) over HTTP, so they can arrive late, twice or out
 * of order. Each callback carries a `SequenceNumber` per leg; the log keeps the highest it has applied and ignores
 * anything at or below it, and a final status never moves back to a live one. Pure, so the same arithmetic is
 * unit-tested for every order and duplicate. The call log document itself is here too, generic over the timestamp
 * type (Admin SDK, web SDK, or `Date` in test data), so functions, console and tests read one shape.
 */

export const CALL_STATUSES = ['queued', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'] as const
export type CallStatus = (typeof CALL_STATUSES)[number]

export const FINAL_CALL_STATUSES: readonly CallStatus[] = ['completed', 'busy', 'no-answer', 'failed', 'canceled']

export function isCallStatus(value: unknown): value is CallStatus {
  return typeof value === 'string' && (CALL_STATUSES as readonly string[]).includes(value)
}

export function isFinalCallStatus(status: CallStatus): boolean {
  return FINAL_CALL_STATUSES.includes(status)
}

/** Twilio's CallStatus values, mapped onto the log's (`initiated` is queued; `answered` is in-progress). */
export function callStatusFromTwilio(value: string): CallStatus | null {
  if (value === 'initiated') return 'queued'
  if (value === 'answered') return 'in-progress'
  return isCallStatus(value) ? value : null
}

export type RecipientKind = 'patient' | 'contact'

/**
 * One call (`practices/{p}/calls/{callSid}`), keyed by the browser leg's Call SID (the CallSid of the voice webhook),
 * written only by functions. The callee leg's callbacks move `status` through {@link applyCallEvent}.
 */
export interface CallDoc<T> {
  callSid: string
  calleeCallSid: string | null
  placedBy: string
  placedByName: string
  onBehalfOf: string
  onBehalfOfName: string
  /** Who may read the entry besides owners: the placer and the practitioner it was on behalf of. */
  visibleTo: string[]
  from: string
  to: string
  recipient: { kind: RecipientKind; id: string; name: string }
  /** Lower-case recipient name, for the report's exact-name filter. */
  recipientNameLower: string
  appointmentId: string | null
  status: CallStatus
  lastSequence: number
  startedAt: T
  answeredAt: T | null
  endedAt: T | null
  durationSeconds: number
  credits: number
  charged: boolean
  held: boolean
}

/** The part of a call log document the callbacks move. */
export interface CallProgress {
  status: CallStatus
  /** Highest SequenceNumber applied for the callee's leg; -1 before the first callback. */
  lastSequence: number
  answeredAt: Date | null
  endedAt: Date | null
  /** Connected seconds, from the final callback's CallDuration; 0 until then. */
  durationSeconds: number
}

export interface CallEvent {
  status: CallStatus
  sequence: number
  at: Date
  /** CallDuration, present on the final callback. */
  durationSeconds?: number
}

/**
 * The progress after `event`, or `null` when the event changes nothing (a duplicate, an older event arriving late,
 * or a live status after a final one).
 */
export function applyCallEvent(progress: CallProgress, event: CallEvent): CallProgress | null {
  if (event.sequence <= progress.lastSequence) return null
  const wasFinal = isFinalCallStatus(progress.status)
  const final = isFinalCallStatus(event.status)
  // A final status is the end of the story; a late "ringing" with a higher sequence (not something Twilio sends,
  // but cheap to guard) must not revive it.
  if (wasFinal && !final) return null
  if (wasFinal && final) return null
  const next: CallProgress = { ...progress, status: event.status, lastSequence: event.sequence }
  if (event.status === 'in-progress' && !progress.answeredAt) next.answeredAt = event.at
  if (final) {
    next.endedAt = event.at
    next.durationSeconds = event.status === 'completed' ? Math.max(0, Math.floor(event.durationSeconds ?? 0)) : 0
    // A completed leg with connected seconds was answered even if the "answered" callback never arrived.
    if (event.status === 'completed' && next.durationSeconds > 0 && !next.answeredAt) {
      next.answeredAt = new Date(event.at.getTime() - next.durationSeconds * 1000)
    }
  }
  return next
}

export const initialCallProgress = (): CallProgress => ({
  status: 'queued',
  lastSequence: -1,
  answeredAt: null,
  endedAt: null,
  durationSeconds: 0,
})
