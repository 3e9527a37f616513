/**
 * In-visit chat: the message document, what a message may contain, and the order messages are shown in.
 * No Firebase imports: the rules, the functions and the web app's chat panel follow the same limits.
 * docs/data-model.md describes `practices/{p}/visits/{a}/messages/{id}` for people.
 */

export const MESSAGE_TEXT_MAX = 2000
export const SENDER_NAME_MAX = 60
/**
 * Backstop for the deletion at End: every chat document carries `expireAt` (a Firestore TTL policy deletes it),
 * this long after it was written, in case a visit is never ended by anyone.
 */
export const CHAT_TTL_HOURS = 24

/** `practices/{p}/visits/{a}/messages/{messageId}`: created by a participant; never changed. */
export interface MessageDoc {
  /** The sender's uid (`patient-{inviteId}` for a patient). */
  senderId: string
  senderRole: 'practitioner' | 'patient'
  /** The sender's screen name as on their presence document: a patient's typed name or a first name. */
  senderName: string
  /** Plain text, 1–MESSAGE_TEXT_MAX characters; never rendered as HTML. */
  text: string
  /** The sender's own counter, so two messages sent within one server-time tick keep the order they were typed. */
  clientSeq: number
  /** Server time (serverTimestamp()), so order does not depend on anyone's clock. */
  sentAt: unknown // Timestamp
  expireAt: unknown // Timestamp, TTL backstop
}

export type MessageTextCheck = { ok: true; text: string } | { ok: false; problem: string }

/**
 * What a typed message becomes: surrounding blank lines and spaces trimmed (line breaks inside are kept), empty
 * refused, too long refused with the count a person can act on.
 */
export function checkMessageText(raw: string): MessageTextCheck {
  const text = raw.replace(/^\s+|\s+$/g, '')
  if (!text) return { ok: false, problem: 'Type a message first.' }
  if (text.length > MESSAGE_TEXT_MAX) {
    return { ok: false, problem: `Messages can be up to ${MESSAGE_TEXT_MAX} characters (this one has ${text.length}).` }
  }
  return { ok: true, text }
}

/**
 * A message id that a retry of the same send reproduces exactly, so it can never be stored twice: the sender's
 * uid, a random id of the sender's page session and the sender's sequence number.
 */
export function chatMessageId(senderId: string, sessionId: string, clientSeq: number): string {
  return `${senderId}_${sessionId}_${clientSeq}`
}

export interface OrderableMessage {
  senderId: string
  clientSeq: number
  /** Server time in ms, or null while the message is still on its way (pending). */
  sentAtMs: number | null
}

/**
 * The order messages are shown in: by server time (everyone's clock may differ, the server's is one clock), then
 * by sender and sequence for equal times; messages still pending go last, in the order they were typed.
 */
export function compareMessages(a: OrderableMessage, b: OrderableMessage): number {
  if (a.sentAtMs === null || b.sentAtMs === null) {
    if (a.sentAtMs !== b.sentAtMs) return a.sentAtMs === null ? 1 : -1
  } else if (a.sentAtMs !== b.sentAtMs) {
    return a.sentAtMs - b.sentAtMs
  }
  if (a.senderId !== b.senderId) return a.senderId < b.senderId ? -1 : 1
  return a.clientSeq - b.clientSeq
}

/** Messages the reader has not seen: from others, after the last one they saw (by id; null = none seen). */
export function countUnread(ordered: { id: string; senderId: string }[], selfId: string, lastSeenId: string | null): number {
  const seenAt = lastSeenId === null ? -1 : ordered.findIndex((m) => m.id === lastSeenId)
  return ordered.slice(seenAt + 1).filter((m) => m.senderId !== selfId).length
}
