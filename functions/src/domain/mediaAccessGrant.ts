/**
 * Whether getMediaAccess hands out media access, and whether that counts as a patient joining (billing charges
 * the patients who joined). Pure, so the credit rule is tested at its boundaries without the emulator.
 */
import type { MediaAccessPurpose } from './visit'

export type MediaAccessDecision =
  | { grant: true; recordsJoin: boolean }
  | { grant: false; refusal: 'ended' | 'not-started' }

/**
 * - an ended visit gives no access to anyone;
 * - a prefetch (while waiting, before or after Start) is granted and never counts as joining: a patient who only
 *   waited, or gave up before Start, costs nothing;
 * - a join needs the visit live, and counts a patient (again and again: the record is a set, so renewals and
 *   rejoins do not count twice); the practitioner is never counted.
 * `visitStatus` is null before the first Start (no visit document yet). The join window is checked before this.
 */
export function mediaAccessDecision(input: {
  visitStatus: 'live' | 'ended' | null
  purpose: MediaAccessPurpose
  caller: 'practitioner' | 'patient'
}): MediaAccessDecision {
  if (input.visitStatus === 'ended') return { grant: false, refusal: 'ended' }
  if (input.purpose === 'prefetch') return { grant: true, recordsJoin: false }
  if (input.visitStatus !== 'live') return { grant: false, refusal: 'not-started' }
  return { grant: true, recordsJoin: input.caller === 'patient' }
}
