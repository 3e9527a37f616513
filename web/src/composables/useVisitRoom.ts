/**
 * Live state of one video visit: the visit document and who is present.
 *
 * Presence is heartbeats (see usePresence): a participant counts as present while their last heartbeat is less
 * than PRESENCE_STALE_MS old and they have not left. Heartbeats carry server time; the local clock may be off,
 * so the age is measured against server time estimated from our own heartbeat's echo.
 */
import { PRESENCE_STALE_MS } from '@domain/visit'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import type { VisitBackend } from '@/firebase/visitBackend'
import { participantsRef, visitRef, type Participant } from '@/firebase/visitRefs'
import { useCollection, useDocument } from './useFirestore'
import { useNow } from './useNow'

export interface PresentParticipant extends Participant {
  present: boolean
}

export function useVisitRoom(
  backend: MaybeRefOrGetter<VisitBackend | null>,
  practiceId: MaybeRefOrGetter<string>,
  appointmentId: MaybeRefOrGetter<string>,
) {
  const visit = useDocument(() => {
    const b = toValue(backend)
    return b ? visitRef(b.firestore, toValue(practiceId), toValue(appointmentId)) : null
  })
  const participantDocs = useCollection(() => {
    const b = toValue(backend)
    return b ? participantsRef(b.firestore, toValue(practiceId), toValue(appointmentId)) : null
  })
  const now = useNow(2_000)

  // Server time minus local time, from our own latest heartbeat: it was written moments ago in server time.
  const clockSkewMs = computed(() => {
    const self = participantDocs.data.value.find((p) => p.id === toValue(backend)?.uid)
    const seen = self?.lastSeenAt?.toMillis()
    return seen ? Math.max(0, seen - Date.now()) : 0
  })

  const participants = computed<PresentParticipant[]>(() => {
    const serverNow = now.value.getTime() + clockSkewMs.value
    return participantDocs.data.value.map((p) => ({
      ...p,
      present: p.state !== 'left' && !!p.lastSeenAt && serverNow - p.lastSeenAt.toMillis() < PRESENCE_STALE_MS,
    }))
  })

  return {
    visit: visit.data,
    visitError: visit.error,
    participants,
    participantsError: participantDocs.error,
    /** Patients present in the waiting room (not yet in the media channel). */
    waitingPatients: computed(() => participants.value.filter((p) => p.present && p.role === 'patient' && p.state === 'waiting')),
    /** Everyone present in the visit itself. */
    inVisit: computed(() => participants.value.filter((p) => p.present && p.state === 'in-visit')),
  }
}
