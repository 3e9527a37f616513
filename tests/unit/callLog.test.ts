import { describe, expect, it } from 'vitest'
import { applyCallEvent, callStatusFromTwilio, initialCallProgress, type CallEvent, type CallProgress } from '../../functions/src/domain/callLog'
import { creditsForCall } from '../../functions/src/domain/callCharge'

const t0 = new Date('2026-03-10T10:00:00Z')
const at = (s: number) => new Date(t0.getTime() + s * 1000)

const initiated: CallEvent = { status: 'queued', sequence: 0, at: at(0) }
const ringing: CallEvent = { status: 'ringing', sequence: 1, at: at(1) }
const answered: CallEvent = { status: 'in-progress', sequence: 2, at: at(5) }
const completed: CallEvent = { status: 'completed', sequence: 3, at: at(66), durationSeconds: 61 }

/** Applies events in order as the callback handler does, counting the charges a final status would make. */
function replay(events: CallEvent[]): { progress: CallProgress; charges: number[] } {
  let progress = initialCallProgress()
  const charges: number[] = []
  for (const event of events) {
    const next = applyCallEvent(progress, event)
    if (!next) continue
    if (['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(next.status)) {
      charges.push(creditsForCall({ finalStatus: next.status, durationSeconds: next.durationSeconds }))
    }
    progress = next
  }
  return { progress, charges }
}

describe('the call log state machine', () => {
  it('follows the callbacks in order to a completed call with its connected time', () => {
    const { progress, charges } = replay([initiated, ringing, answered, completed])
    expect(progress).toEqual({ status: 'completed', lastSequence: 3, answeredAt: at(5), endedAt: at(66), durationSeconds: 61 })
    expect(charges).toEqual([2])
  })

  it('ends the same with every callback delivered twice', () => {
    const { progress, charges } = replay([initiated, initiated, ringing, answered, ringing, answered, completed, completed])
    expect(progress.status).toBe('completed')
    expect(progress.durationSeconds).toBe(61)
    expect(charges).toEqual([2])
  })

  it('ignores live statuses that arrive after the final one', () => {
    const { progress, charges } = replay([completed, answered, ringing, initiated, completed])
    expect(progress.status).toBe('completed')
    expect(progress.lastSequence).toBe(3)
    expect(progress.durationSeconds).toBe(61)
    // The "answered" callback was overtaken: the answer time comes from the connected duration.
    expect(progress.answeredAt).toEqual(at(5))
    expect(charges).toEqual([2])
  })

  it('keeps the first answer time when answered arrives between ringing and a late duplicate', () => {
    const { progress } = replay([ringing, answered, { ...answered, sequence: 2, at: at(9) }])
    expect(progress.answeredAt).toEqual(at(5))
  })

  it.each(['busy', 'no-answer', 'failed', 'canceled'] as const)('records %s as final with no connected time and no charge', (status) => {
    const { progress, charges } = replay([initiated, ringing, { status, sequence: 2, at: at(30), durationSeconds: 0 }, ringing])
    expect(progress).toMatchObject({ status, answeredAt: null, endedAt: at(30), durationSeconds: 0 })
    expect(charges).toEqual([0])
  })

  it("maps Twilio's initiated and answered onto queued and in-progress", () => {
    expect(callStatusFromTwilio('initiated')).toBe('queued')
    expect(callStatusFromTwilio('answered')).toBe('in-progress')
    expect(callStatusFromTwilio('no-answer')).toBe('no-answer')
    expect(callStatusFromTwilio('teleported')).toBeNull()
  })
})
