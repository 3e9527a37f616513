/**
 * Who the mesh connects to, from the visit's participant documents. Pure: no browser or Firebase APIs.
 */
import { PRESENCE_STALE_MS, type ParticipantState } from '@domain/visit'

/** The parts of a participant document the mesh reads; `lastSeenMs` is the heartbeat's server time. */
export interface PresenceSnapshot {
  id: string
  state: ParticipantState
  lastSeenMs: number | null
  /** Their presence says they send video (camera or screen): we should be receiving it. */
  sendsVideo?: boolean
}

/**
 * - `active`: in the visit with a fresh heartbeat: connect.
 * - `stale`: says in the visit, but no heartbeat for PRESENCE_STALE_MS: gone, unless media still flows.
 * - `waiting`: in the waiting room (or no presence yet): not in the media channel, unless media already flows.
 * - `left`: clicked End call, or the visit ended: gone for good.
 */
export type PeerPresence = 'active' | 'stale' | 'waiting' | 'left'

/**
 * Classifies one participant at `nowMs`. A heartbeat we cannot date yet (a pending server timestamp) counts as
 * fresh. Heartbeats carry the server's time and `nowMs` is this device's clock: a clock far off would misjudge,
 * which the development backend accepts (production presence does not depend on it).
 */
export function peerPresence(participant: PresenceSnapshot | undefined, nowMs: number): PeerPresence {
  if (!participant || participant.state === 'waiting') return 'waiting'
  if (participant.state === 'left') return 'left'
  if (participant.lastSeenMs === null) return 'active'
  return nowMs - participant.lastSeenMs < PRESENCE_STALE_MS ? 'active' : 'stale'
}

/**
 * Perfect negotiation needs exactly one polite side per pair: the participant with the greater id yields when
 * both offer at once.
 */
export function isPolite(selfId: string, peerId: string): boolean {
  return selfId > peerId
}
