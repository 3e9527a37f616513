/**
 * What the patient's tab remembers about an accepted link, in sessionStorage (this tab only, gone when it
 * closes): the visit summary and the screen name, so a reload or a dropped connection rejoins without typing the
 * code again. The Firebase session itself is kept by the patient app (session persistence), not here.
 */
import type { VisitSummary } from '@domain/visit'

export interface JoinSession {
  visit: VisitSummary & { timeZone: string }
  screenName: string | null
  /** The patient pressed Join: a reload goes back to the waiting room (and so into a live visit), not to the setup. */
  joined?: boolean
}

const key = (token: string) => `telehealth.join.${token}`

export function loadJoinSession(token: string): JoinSession | null {
  try {
    const raw = sessionStorage.getItem(key(token))
    return raw ? (JSON.parse(raw) as JoinSession) : null
  } catch {
    return null
  }
}

export function saveJoinSession(token: string, session: JoinSession): void {
  try {
    sessionStorage.setItem(key(token), JSON.stringify(session))
  } catch {
    // Private modes may refuse storage: the patient then types the code again after a reload.
  }
}

export function forgetJoinSession(token: string): void {
  try {
    sessionStorage.removeItem(key(token))
  } catch {
    // Nothing stored.
  }
}
