/**
 * When a visit nobody ended counts as over, and up to when it is charged.
 *
 * A visit is abandoned when everyone has been gone for ABANDONED_AFTER_MINUTES (no presence heartbeat), or when
 * its join window has closed. It is charged up to the last moment someone was present, never up to the moment the
 * sweep happened to run: a sweep that runs late must not cost the practice more.
 */

export const ABANDONED_AFTER_MINUTES = 5
const ABANDONED_AFTER_MS = ABANDONED_AFTER_MINUTES * 60_000

export interface LiveVisitPresence {
  /** The practitioner's Start: billing counts from here. */
  practitionerJoinedAt: Date
  /** Every participant's last heartbeat (`lastSeenAt`), whatever their state. */
  lastSeen: Date[]
  /** The join window's close (booked end + overrun allowance). */
  joinClosesAt: Date
}

export type SweepDecision = { abandoned: false } | { abandoned: true; endedAt: Date; why: 'everyone-gone' | 'window-closed' }

/** The last moment anyone was present: the latest heartbeat, and never before the Start itself. */
export function lastPresenceAt(visit: Pick<LiveVisitPresence, 'practitionerJoinedAt' | 'lastSeen'>): Date {
  const latest = Math.max(visit.practitionerJoinedAt.getTime(), ...visit.lastSeen.map((d) => d.getTime()))
  return new Date(latest)
}

/**
 * A heartbeat after this moment shows someone present to the sweep running at `now`: such a visit is not
 * everyone-gone, so only a closed join window can end it (`abandonedVisitDecision` agrees).
 */
export function presentAfter(now: Date): Date {
  return new Date(now.getTime() - ABANDONED_AFTER_MS)
}

/** Whether the sweep running at `now` ends this live visit, and the moment it is charged up to. */
export function abandonedVisitDecision(visit: LiveVisitPresence, now: Date): SweepDecision {
  const last = lastPresenceAt(visit)
  // A heartbeat stamped by a clock slightly ahead of ours must not bill beyond now.
  const endedAt = new Date(Math.min(last.getTime(), now.getTime()))
  if (now.getTime() - last.getTime() >= ABANDONED_AFTER_MS) return { abandoned: true, endedAt, why: 'everyone-gone' }
  if (now.getTime() >= visit.joinClosesAt.getTime()) return { abandoned: true, endedAt, why: 'window-closed' }
  return { abandoned: false }
}
