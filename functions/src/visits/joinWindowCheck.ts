import { HttpsError } from 'firebase-functions/v2/https'
import { joinWindowState, type JoinWindow } from '../domain/joinWindow'
import { practiceDateOf } from '../domain/calendar'
import { formatPracticeDate, formatPracticeTime } from '../domain/schedule'

/**
 * Refuses outside the join window, judged on the server's clock whatever the client shows, and says when the
 * window opens in the practice's time zone ("09:50", or "09:50 on Tuesday 4 March 2025" when that is not today
 * there). `verb` finishes "The visit can be … from": 'started' or 'joined'. Returns when the window closes.
 */
export function assertInsideJoinWindow(window: JoinWindow, now: Date, timeZone: string, verb: 'started' | 'joined'): Date {
  const state = joinWindowState(window, now)
  if (state.state === 'before') {
    throw new HttpsError('failed-precondition', `The visit can be ${verb} from ${describeOpening(state.opensAt, now, timeZone)}.`)
  }
  if (state.state === 'closed') {
    throw new HttpsError('failed-precondition', `This appointment is over: the visit can no longer be ${verb}.`)
  }
  return state.closesAt
}

function describeOpening(opensAt: Date, now: Date, timeZone: string): string {
  const time = formatPracticeTime(opensAt, timeZone)
  return practiceDateOf(opensAt, timeZone) === practiceDateOf(now, timeZone) ? time : `${time} on ${formatPracticeDate(opensAt, timeZone)}`
}
