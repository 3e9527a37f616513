import { joinWindow, joinWindowMinutes, joinWindowState } from '@domain/joinWindow'
import type { StartVisitResult, VisitRef } from '@domain/visit'
import { getDocFromServer } from 'firebase/firestore'
import { computed, effectScope, ref, watch } from 'vue'
import { callableErrorMessage } from '@/firebase/callables'
import { consoleVisitBackend } from '@/firebase/consoleVisitBackend'
import { appointmentRef, memberRef } from '@/firebase/refs'
import { usePracticeStore } from '@/stores/usePracticeStore'
import { useDocument } from './useFirestore'
import { useNow } from './useNow'
import { usePresence } from './usePresence'
import { useVisitSession } from './useVisitSession'

/**
 * The practitioner's side of one video visit, everything but its screens: the appointment and their member
 * document, the session (useVisitSession), presence (waiting, then in the visit) from the moment they are known
 * to be the appointment's practitioner, Start, End for everyone, and leaving when the visit is ended elsewhere.
 * It runs in the caller's scope and stops with it: useActiveVisitStore runs it in a detached one, so the call
 * outlives the visit page and goes on in the console's dock.
 */
export function usePractitionerVisit(options: { practiceId: string; appointmentId: string }) {
  const { practiceId, appointmentId } = options
  const backend = consoleVisitBackend()
  const visitRef: VisitRef = { practiceId, appointmentId }

  const { data: appointment, pending, error: appointmentError } = useDocument(() => appointmentRef(practiceId, appointmentId))
  const { data: me } = useDocument(() => memberRef(practiceId, backend.uid))
  const isPractitioner = computed(() => appointment.value?.practitionerId === backend.uid)
  const selfName = computed(() => me.value?.displayName ?? appointment.value?.practitionerName ?? 'Practitioner')

  const inCall = ref(false)
  const session = useVisitSession({
    backend,
    visit: visitRef,
    inCall: () => inCall.value,
    probe: () => getDocFromServer(appointmentRef(practiceId, appointmentId)),
  })
  const { local, room, call, strength, media } = session
  const visitStatus = computed(() => room.visit.value?.status ?? null)
  const busy = ref(false)
  const actionError = ref<string | null>(null)

  const practiceStore = usePracticeStore()
  const now = useNow(1_000)
  /** Where now stands in the appointment's join window (before, open, after), each second. */
  const joinWindowNow = computed(() => {
    const a = appointment.value
    if (!a) return null
    const minutes = joinWindowMinutes(practiceStore.practice?.settings?.joinWindowMinutes)
    return joinWindowState(joinWindow({ start: a.start.toDate(), end: a.end.toDate() }, minutes), now.value)
  })
  // While the lobby shows inside the join window: media access, the media code and warm functions, so Start is instant.
  call.prepareWhen(
    () => isPractitioner.value && joinWindowNow.value?.state === 'open' && visitStatus.value !== 'ended' && !inCall.value,
    { warm: ['startVisit', 'endVisit'] },
  )

  // Presence starts once this is known to be the appointment's practitioner (rules allow no one else). Its own
  // scope, created now inside ours, so it stops with ours even though it starts later.
  const presenceScope = effectScope()
  watch(
    isPractitioner,
    (yes) => {
      if (!yes) return
      presenceScope.run(() =>
        usePresence({
          backend,
          practiceId,
          appointmentId,
          role: 'practitioner',
          patientId: null,
          screenName: selfName.value,
          state: () => (visitStatus.value === 'ended' ? null : inCall.value ? 'in-visit' : 'waiting'),
          connection: strength,
          media,
        }),
      )
    },
    { once: true },
  )

  /** Leaves the media channel and turns the camera and microphone off; the visit goes on for the others. */
  async function leaveCall(): Promise<void> {
    await call.leave()
    inCall.value = false
    local.stopAll()
  }

  async function start(): Promise<void> {
    busy.value = true
    actionError.value = null
    try {
      await call.joinAfter(() => backend.call<StartVisitResult>('startVisit', visitRef))
      inCall.value = true
    } catch (err) {
      actionError.value = callableErrorMessage(err)
    } finally {
      busy.value = false
    }
  }

  /** Ends the visit for everyone, once the practitioner confirms (the stage's End and the dock's ask the same). */
  async function endVisit(): Promise<void> {
    if (!window.confirm('End the visit for everyone?')) return
    busy.value = true
    try {
      await backend.call('endVisit', visitRef)
      await leaveCall()
    } catch (err) {
      actionError.value = callableErrorMessage(err)
    } finally {
      busy.value = false
    }
  }

  // Ended from elsewhere (another tab, an owner): leave too.
  watch(visitStatus, async (status) => {
    if (status === 'ended' && inCall.value) await leaveCall()
  })

  return {
    appointmentId,
    visitRef,
    backend,
    session,
    appointment,
    pending,
    appointmentError,
    isPractitioner,
    selfName,
    joinWindowNow,
    inCall,
    visitStatus,
    busy,
    actionError,
    start,
    endVisit,
    leaveCall,
  }
}

export type PractitionerVisit = ReturnType<typeof usePractitionerVisit>
