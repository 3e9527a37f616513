/**
 * Named performance marks for the steps between the practitioner's Start and media flowing, so the bench
 * (tests/bench/videoVisit.ts) can say where the time goes. Marks cost nothing visible and carry no visit data.
 */
export type VisitStep =
  /** Practitioner: Start was pressed. */
  | 'start-pressed'
  /** Practitioner: startVisit answered (the visit is live). */
  | 'start-returned'
  /** Patient: the visit listener reported it live. */
  | 'saw-live'
  /** Media access is in hand for the join (prefetched, or fetched then). */
  | 'media-access'
  /** The media session has joined its channel. */
  | 'media-joined'
  /** The local tracks are published. */
  | 'published'
  /** Development mesh: the participant's own presence says in-visit (others connect from here). */
  | 'presence-in-visit'
  /** Development mesh: a peer connection came up. */
  | 'peer-connected'
  /** Development mesh: a remote video track arrived (its first frame follows). */
  | 'remote-video'

/** The prefix the bench looks for: `visit:start-returned`, … */
export const VISIT_MARK_PREFIX = 'visit:'

export function markVisitStep(step: VisitStep): void {
  performance.mark(`${VISIT_MARK_PREFIX}${step}`)
}
