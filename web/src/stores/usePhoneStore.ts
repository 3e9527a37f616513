/**
 * The phone call in progress, outliving pages: the call window lives in the console layout and this store holds
 * the line, so navigating inside the console never drops a call. One call at a time.
 */
import { onSnapshot } from 'firebase/firestore'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { callableErrorMessage } from '@/firebase/callables'
import { getPhoneAccess, holdCall } from '@/firebase/phoneCallables'
import { callRef, type CallLogEntry } from '@/firebase/phoneRefs'
import { createPhoneLine } from '@/phone/createPhoneLine'
import { END_MESSAGES, qualityWarningMessage } from '@/phone/phoneMessages'
import type { PhoneAccessGrant, PhoneCallState, PhoneEndReason, PhoneLine } from '@/phone/PhoneLine'
import { useAuthStore } from './useAuthStore'

/** Who is being called, from the page that offered the Call button. */
export interface PhoneTarget {
  kind: 'patient' | 'contact'
  id: string
  name: string
  /** E.164, shown in the window; the server dials the number on the record, not this one. */
  number: string
  appointmentId?: string
  /** The practitioner the call is on behalf of by default (the appointment's); else the caller. */
  onBehalfOf?: string
}

const FINAL_LOG_REASONS: Partial<Record<CallLogEntry['status'], PhoneEndReason>> = {
  busy: 'busy',
  'no-answer': 'no-answer',
  failed: 'failed',
  completed: 'completed',
  canceled: 'canceled',
}

export const usePhoneStore = defineStore('phone', () => {
  const auth = useAuthStore()

  const open = ref(false)
  const target = ref<PhoneTarget | null>(null)
  const access = shallowRef<PhoneAccessGrant | null>(null)
  const preparing = ref(false)
  const fromNumber = ref('')
  const onBehalfOf = ref('')
  const state = ref<PhoneCallState>('idle')
  const callSid = ref<string | null>(null)
  const answeredAt = ref<number | null>(null)
  const muted = ref(false)
  const held = ref(false)
  const holdBusy = ref(false)
  const message = ref('')
  const warnings = ref<string[]>([])
  const log = shallowRef<CallLogEntry | null>(null)
  const line = shallowRef<PhoneLine | null>(null)
  let stopLog = () => {}
  let lineReason: PhoneEndReason | null = null

  const numbers = computed(() => access.value?.numbers ?? [])
  const lineKind = computed(() => line.value?.kind ?? access.value?.line ?? null)
  const active = computed(() => ['connecting', 'ringing', 'in-progress'].includes(state.value))

  /** Opens the window for `who`; fetches the access grant (which refuses without a number or credit). */
  async function openFor(who: PhoneTarget) {
    if (active.value) {
      message.value = 'Finish the current call first.'
      open.value = true
      return
    }
    reset()
    target.value = who
    onBehalfOf.value = who.onBehalfOf ?? auth.user?.uid ?? ''
    open.value = true
    preparing.value = true
    try {
      access.value = await fetchAccess()
      fromNumber.value = access.value.numbers[0]?.e164 ?? ''
    } catch (error) {
      message.value = callableErrorMessage(error)
    } finally {
      preparing.value = false
    }
  }

  async function fetchAccess(): Promise<PhoneAccessGrant> {
    const practiceId = auth.practiceId
    if (!practiceId) throw new Error('No practice.')
    return (await getPhoneAccess({ practiceId })).data
  }

  /** The Call click: creates the line (and with it the SDK's Device) inside the user gesture. */
  async function call() {
    const practiceId = auth.practiceId
    const who = target.value
    if (!practiceId || !who || !access.value || active.value) return
    message.value = ''
    warnings.value = []
    lineReason = null
    state.value = 'connecting'
    const created = await createPhoneLine({
      access: access.value,
      renewAccess: async () => (access.value = await fetchAccess()),
      setHold: async (sid, hold) => {
        await holdCall({ practiceId, callSid: sid, hold })
      },
    })
    line.value?.destroy()
    line.value = created
    created.on('state', ({ state: next, callSid: sid }) => {
      if (sid && sid !== callSid.value) watchLog(practiceId, sid)
      callSid.value = sid
      if (next === 'ended') return
      if (next === 'in-progress' && !answeredAt.value) answeredAt.value = Date.now()
      state.value = next
    })
    created.on('ended', ({ reason, message: text }) => {
      lineReason = reason
      finish(text)
    })
    created.on('quality', ({ warning, active: on }) => {
      const text = qualityWarningMessage(warning)
      warnings.value = on ? [...new Set([...warnings.value, text])] : warnings.value.filter((w) => w !== text)
    })
    await created.connect({
      practiceId,
      fromNumber: fromNumber.value,
      recipientKind: who.kind,
      recipientId: who.id,
      onBehalfOf: onBehalfOf.value,
      ...(who.appointmentId ? { appointmentId: who.appointmentId } : {}),
    })
  }

  /** The call log (written by the status callbacks) says when the callee answered and how the call ended. */
  function watchLog(practiceId: string, sid: string) {
    stopLog()
    stopLog = onSnapshot(
      callRef(practiceId, sid),
      (snap) => {
        const entry = snap.data() ?? null
        log.value = entry
        if (!entry) return
        if (entry.status === 'in-progress' && state.value !== 'ended') {
          if (!answeredAt.value) answeredAt.value = entry.answeredAt?.toMillis() ?? Date.now()
          state.value = 'in-progress'
          if (line.value && 'markAnswered' in line.value) (line.value as { markAnswered: () => void }).markAnswered()
        }
        held.value = entry.held
        const reason = FINAL_LOG_REASONS[entry.status]
        // The callee's leg ended (busy, no answer, hung up): its reason is the one to show.
        if (reason && state.value === 'ended' && (lineReason === 'completed' || lineReason === null)) message.value = END_MESSAGES[reason]
        if (reason && state.value !== 'ended' && entry.status !== 'completed') line.value?.hangUp()
      },
      () => {},
    )
  }

  function finish(text: string) {
    state.value = 'ended'
    const reason = log.value ? FINAL_LOG_REASONS[log.value.status] : undefined
    message.value = reason && lineReason === 'completed' ? END_MESSAGES[reason] : text
    held.value = false
  }

  async function toggleHold() {
    if (!line.value || state.value !== 'in-progress') return
    holdBusy.value = true
    // The call log's listener may report the new hold state before the callable returns: set it, never toggle it.
    const holding = !held.value
    try {
      if (holding) await line.value.hold()
      else await line.value.resume()
      held.value = holding
    } catch (error) {
      message.value = callableErrorMessage(error)
    } finally {
      holdBusy.value = false
    }
  }

  function toggleMute() {
    muted.value = !muted.value
    line.value?.setMuted(muted.value)
  }

  function hangUp() {
    line.value?.hangUp()
  }

  function reset() {
    stopLog()
    stopLog = () => {}
    line.value?.destroy()
    line.value = null
    state.value = 'idle'
    callSid.value = null
    answeredAt.value = null
    muted.value = false
    held.value = false
    message.value = ''
    warnings.value = []
    log.value = null
    access.value = null
  }

  /** Closes the window; refused while a call is live (Hang up first). */
  function close() {
    if (active.value) return
    reset()
    open.value = false
    target.value = null
  }

  return {
    open,
    target,
    access,
    preparing,
    numbers,
    fromNumber,
    onBehalfOf,
    state,
    callSid,
    answeredAt,
    muted,
    held,
    holdBusy,
    message,
    warnings,
    log,
    line,
    lineKind,
    active,
    openFor,
    call,
    toggleHold,
    toggleMute,
    hangUp,
    close,
  }
})
