/**
 * Who is in an appointment's waiting room right now, live: its patients whose presence says "waiting" with a fresh
 * heartbeat, and since when the first of them has waited. One listener per video appointment shown; only for
 * members the rules let read presence (reception, owners and the appointment's practitioner).
 */
import { PRESENCE_STALE_MS } from '@domain/visit'
import { query, where } from 'firebase/firestore'
import { computed, toValue, type ComputedRef, type MaybeRefOrGetter } from 'vue'
import { db } from '@/firebase/firestore'
import type { Appointment } from '@/firebase/models'
import { participantsRef } from '@/firebase/visitRefs'
import { useCollection } from './useFirestore'
import { useNow } from './useNow'

export interface WaitingPatients {
  /** Screen names of the patients waiting now. */
  names: ComputedRef<string[]>
  /** When the longest-waiting of them arrived; null when nobody waits. */
  since: ComputedRef<Date | null>
}

export function useWaitingPatients(practiceId: MaybeRefOrGetter<string | null>, appointment: MaybeRefOrGetter<Appointment | null>): WaitingPatients {
  const now = useNow(15_000)
  const { data } = useCollection(() => {
    const p = toValue(practiceId)
    const a = toValue(appointment)
    if (!p || !a || a.location !== 'video' || a.status !== 'scheduled') return null
    return query(participantsRef(db, p, a.id), where('role', '==', 'patient'), where('state', '==', 'waiting'))
  })
  const waiting = computed(() =>
    data.value.filter((p) => p.lastSeenAt && now.value.getTime() - p.lastSeenAt.toMillis() < PRESENCE_STALE_MS + HEARTBEAT_SLACK_MS),
  )
  return {
    names: computed(() => waiting.value.map((p) => p.screenName)),
    since: computed(() => {
      const times = waiting.value.flatMap((p) => (p.joinedAt ? [p.joinedAt.toMillis()] : []))
      return times.length ? new Date(Math.min(...times)) : null
    }),
  }
}

/** The viewer's clock may run behind the server's heartbeats by a little: never drop someone for that. */
const HEARTBEAT_SLACK_MS = 5_000
