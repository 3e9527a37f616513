/**
 * Writes the caller's own presence document in a visit and keeps it fresh with a heartbeat every
 * HEARTBEAT_INTERVAL_MS, carrying the current state, connection strength and media flags.
 *
 * The rules allow each participant to write only their own document, with `joinedAt` fixed at creation and
 * `lastSeenAt` equal to the server's time: so the first write creates (or, on a rejoin, updates without touching
 * `joinedAt`), and every later write is an update. Writes made offline are queued by Firestore and sent on
 * reconnection; the heartbeat simply goes on.
 */
import { HEARTBEAT_INTERVAL_MS, type MediaFlags, type ParticipantRole, type ParticipantState } from '@domain/visit'
import type { ConnectionStrength } from '@domain/connectionStrength'
import { getDoc, serverTimestamp, setDoc, updateDoc } from 'firebase/firestore'
import { onScopeDispose, toValue, watch, type MaybeRefOrGetter } from 'vue'
import type { VisitBackend } from '@/firebase/visitBackend'
import { participantDocRef } from '@/firebase/visitRefs'
import { markVisitStep } from '@/visit/visitTimings'

export interface PresenceSource {
  backend: VisitBackend
  practiceId: string
  appointmentId: string
  role: ParticipantRole
  patientId: string | null
  screenName: string
  /** null: no presence (not in the waiting room or visit yet). */
  state: MaybeRefOrGetter<ParticipantState | null>
  connection: MaybeRefOrGetter<ConnectionStrength>
  media: MaybeRefOrGetter<MediaFlags>
}

export function usePresence(source: PresenceSource) {
  const ref = participantDocRef(source.backend.firestore, source.practiceId, source.appointmentId, source.backend.uid)
  let stopped = false

  const fields = () => ({
    state: toValue(source.state)!,
    connection: toValue(source.connection),
    media: { ...toValue(source.media) },
    screenName: source.screenName,
    lastSeenAt: serverTimestamp(),
  })

  // The first write decides between create and update; later writes wait for it, then go straight out (offline,
  // an update's promise settles only when it reaches the server, so they must not queue behind each other).
  let first: Promise<void> | null = null

  async function createOrRejoin(): Promise<void> {
    const existing = await getDoc(ref).catch(() => null)
    if (existing?.exists()) await updateDoc(ref, fields())
    else await setDoc(ref, { role: source.role, patientId: source.patientId, joinedAt: serverTimestamp(), ...fields() })
  }

  let markedInVisit = false
  /** For the bench: when the server first has us in the visit (the others connect from there). */
  const markInVisit = (state: ParticipantState | null) => {
    if (state !== 'in-visit' || markedInVisit) return
    markedInVisit = true
    markVisitStep('presence-in-visit')
  }

  function beat(): void {
    if (stopped || !toValue(source.state)) return
    const state = toValue(source.state)
    const report = (err: unknown) => console.warn('Presence write failed', err)
    if (!first) {
      first = createOrRejoin()
        .then(() => markInVisit(state))
        .catch((err: unknown) => {
          first = null // try again on the next beat
          report(err)
        })
      return
    }
    void first.then(() => {
      if (!stopped) updateDoc(ref, fields()).then(() => markInVisit(state), report)
    })
  }

  watch(
    () => [toValue(source.state), toValue(source.connection), JSON.stringify(toValue(source.media))],
    () => beat(),
    { immediate: true },
  )
  const timer = window.setInterval(beat, HEARTBEAT_INTERVAL_MS)

  /** Stops the heartbeat; the document stays, and goes stale for the others after PRESENCE_STALE_MS. */
  function stop(): void {
    stopped = true
    window.clearInterval(timer)
  }
  onScopeDispose(stop)
  return { stop }
}
