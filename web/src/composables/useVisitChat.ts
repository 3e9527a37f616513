import { chatMessageId, checkMessageText, CHAT_TTL_HOURS, compareMessages, countUnread } from '@domain/chat'
import { doc, onSnapshot, serverTimestamp, setDoc, Timestamp, type FirestoreError } from 'firebase/firestore'
import { computed, onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { messagesRef, type ChatVisit } from '@/firebase/chatRefs'
import type { VisitBackend } from '@/firebase/visitBackend'

export interface ChatMessage {
  id: string
  senderId: string
  senderName: string
  senderRole: 'practitioner' | 'patient'
  text: string
  clientSeq: number
  /** Server time in ms; null while the message is on its way (typed offline, or not acknowledged yet). */
  sentAtMs: number | null
  /** Not on the server yet: shown as "Sending…" until it is. */
  pending: boolean
}

export interface VisitChatOptions {
  backend: VisitBackend
  visit: ChatVisit
  /** Who the caller is in the visit, as on their presence document (the rules compare the name with it). */
  selfName: string
  role: 'practitioner' | 'patient'
  /** Whether the chat panel is open: messages seen while it is open are not counted as unread. */
  open: MaybeRefOrGetter<boolean>
}

/**
 * The visit's chat messages, live, in server-time order, and sending. A message gets its id when it is typed
 * (sender, page session, sequence), so the Firestore SDK's own retries after a dropped connection write the same
 * document, and the rules refuse a second create: a message typed offline is shown as pending, sent once the
 * connection returns, and never stored twice. Stops listening with the caller's scope.
 */
export function useVisitChat(options: VisitChatOptions) {
  const { backend, visit } = options
  const messages = shallowRef<ChatMessage[]>([])
  const error = shallowRef<FirestoreError | null>(null)
  const lastSeenId = ref<string | null>(null)
  // One page session: a reload starts a new one, so sequence numbers never collide with an earlier page's.
  const sessionId = crypto.randomUUID().slice(0, 8)
  let clientSeq = 0

  const stop = onSnapshot(
    messagesRef(backend.firestore, visit),
    { includeMetadataChanges: true },
    (snapshot) => {
      messages.value = snapshot.docs
        .map((d) => {
          const data = d.data({ serverTimestamps: 'none' })
          const sentAt = data.sentAt as Timestamp | null
          return {
            id: d.id,
            senderId: String(data.senderId),
            senderName: String(data.senderName),
            senderRole: data.senderRole as ChatMessage['senderRole'],
            text: String(data.text),
            clientSeq: Number(data.clientSeq),
            sentAtMs: sentAt ? sentAt.toMillis() : null,
            pending: d.metadata.hasPendingWrites,
          }
        })
        .sort(compareMessages)
      error.value = null
    },
    (err) => (error.value = err),
  )
  onScopeDispose(stop)

  // While the panel is open, everything shown counts as seen.
  watch(
    [() => toValue(options.open), messages],
    ([open, list]) => {
      if (open) lastSeenId.value = list.at(-1)?.id ?? null
    },
    { immediate: true },
  )
  const unread = computed(() => (toValue(options.open) ? 0 : countUnread(messages.value, backend.uid, lastSeenId.value)))

  /**
   * Sends `raw` (trimmed); returns what is wrong with it, or null once it is on its way. Resolves before the
   * server has it: the message shows as pending meanwhile, and the SDK delivers it when the connection allows.
   */
  function send(raw: string): string | null {
    const check = checkMessageText(raw)
    if (!check.ok) return check.problem
    const seq = clientSeq++
    const id = chatMessageId(backend.uid, sessionId, seq)
    setDoc(doc(messagesRef(backend.firestore, visit), id), {
      senderId: backend.uid,
      senderRole: options.role,
      senderName: options.selfName,
      text: check.text,
      clientSeq: seq,
      sentAt: serverTimestamp(),
      expireAt: Timestamp.fromMillis(Date.now() + CHAT_TTL_HOURS * 3_600_000),
    }).catch((err: FirestoreError) => (error.value = err))
    return null
  }

  return { messages, unread, error, send }
}
