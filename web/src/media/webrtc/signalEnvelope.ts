/**
 * What a WebRTC signal's `payload` carries, and which signals a peer acts on. Pure: no browser or Firebase APIs.
 *
 * Signals outlive the page that sent them or was meant to read them: a participant who reloads, or drops and
 * rejoins with the same uid, finds signals addressed to their previous page, and their peers hold a connection to
 * that page. So every signal names the sender's join session and the RTCPeerConnection it belongs to
 * (`connection`), and, once known, the recipient's connection it answers (`toConnection`). A signal for a
 * connection of ours that no longer exists is a leftover; an offer from a newer connection of the peer replaces
 * ours; everything else about an older connection of the peer is dropped.
 */
import type { SignalDoc } from '@domain/visit'

export type SignalType = SignalDoc['type']

export interface SignalEnvelope {
  /** The sender's join session (random, one per `join()`). */
  session: string
  /** The sender's RTCPeerConnection to the recipient: `${session}:${n}`, n counting up within the session. */
  connection: string
  /** The recipient's connection this continues; null in an offer to a peer we have not heard from yet. */
  toConnection: string | null
  /**
   * Send order within the session. Firestore hands a batch of signals over in document-id order, not in the
   * order they were sent, and a candidate must not overtake its offer.
   */
  seq: number
  /**
   * offer / answer: the RTCSessionDescriptionInit; candidate: a batch of RTCIceCandidateInit (one Firestore write
   * per candidate would queue a dozen writes ahead of the next answer); bye: null.
   */
  data: SessionDescriptionData | CandidatesData | null
}

export interface SessionDescriptionData {
  type: 'offer' | 'answer'
  sdp: string
}

export interface CandidatesData {
  candidates: CandidateData[]
}

/** RTCIceCandidateInit, as `RTCIceCandidate.toJSON()` gives it. */
export interface CandidateData {
  candidate: string
  sdpMid?: string | null
  sdpMLineIndex?: number | null
  usernameFragment?: string | null
}

/** A signal addressed to us, as read from Firestore. */
export interface ReceivedSignal {
  id: string
  from: string
  type: SignalType
  envelope: SignalEnvelope
  /** Server time the signal was written (ms); null only for our own pending writes. */
  createdAtMs: number | null
}

/** What we know of the connection to one peer. */
export interface PeerBinding {
  /** Our RTCPeerConnection to the peer. */
  localConnection: string
  /** The peer's connection ours is paired with; null until the peer has spoken. */
  remoteConnection: string | null
  /** Server time of the signal that paired them (ms), to tell a newer session's offer from a leftover. */
  boundAtMs: number | null
}

/**
 * - `drop`: a leftover, or about a connection we no longer talk to: delete it and do nothing.
 * - `create`: an offer from a peer we have no connection to: create one, paired with the sender's.
 * - `bind`: the first word from the peer's side of our connection: pair with it, then handle.
 * - `replace`: an offer from a newer connection of the peer (it reloaded or rejoined): close ours, start afresh.
 * - `handle`: part of the current conversation.
 */
export type SignalVerdict = 'drop' | 'create' | 'bind' | 'replace' | 'handle'

/** Decides what to do with `signal`, given our connection to its sender (null: none). */
export function signalVerdict(signal: ReceivedSignal, binding: PeerBinding | null): SignalVerdict {
  const { type, envelope } = signal
  if (binding === null) return type === 'offer' && envelope.toConnection === null ? 'create' : 'drop'
  if (envelope.toConnection !== null && envelope.toConnection !== binding.localConnection) return 'drop'
  if (binding.remoteConnection === null) {
    if (type === 'offer') return 'bind'
    // An answer or a bye names our connection, so it can only come from the peer's side of it.
    if ((type === 'answer' || type === 'bye') && envelope.toConnection === binding.localConnection) return 'bind'
    return 'drop'
  }
  if (envelope.connection === binding.remoteConnection) return 'handle'
  if (type === 'offer' && isNewerConnection(signal, binding)) return 'replace'
  return 'drop'
}

/** Whether the signal's connection is newer than the one we are paired with. */
function isNewerConnection(signal: ReceivedSignal, binding: PeerBinding): boolean {
  const ours = parseConnection(binding.remoteConnection ?? '')
  const theirs = parseConnection(signal.envelope.connection)
  if (ours && theirs && ours.session === theirs.session) return theirs.n > ours.n
  // Another session of the same participant: the later one is the live page.
  if (signal.createdAtMs === null || binding.boundAtMs === null) return true
  return signal.createdAtMs > binding.boundAtMs
}

/** `${session}:${n}` for the n-th connection of a session. */
export function connectionId(session: string, n: number): string {
  return `${session}:${n}`
}

function parseConnection(id: string): { session: string; n: number } | null {
  const at = id.lastIndexOf(':')
  const n = Number(id.slice(at + 1))
  return at > 0 && Number.isInteger(n) ? { session: id.slice(0, at), n } : null
}

/** Parses a signal's payload; null when it is not one of ours (then it is deleted unread). */
export function parseEnvelope(payload: string): SignalEnvelope | null {
  let value: unknown
  try {
    value = JSON.parse(payload)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  const isText = (x: unknown) => typeof x === 'string' && x.length > 0
  if (!isText(v.session) || !isText(v.connection) || !(v.toConnection === null || isText(v.toConnection))) return null
  if (typeof v.seq !== 'number' || !(v.data === null || isDescription(v.data) || isCandidates(v.data))) return null
  return v as unknown as SignalEnvelope
}

function isDescription(data: unknown): data is SessionDescriptionData {
  const d = data as Partial<SessionDescriptionData> | null
  return typeof d === 'object' && d !== null && (d.type === 'offer' || d.type === 'answer') && typeof d.sdp === 'string'
}

function isCandidates(data: unknown): data is CandidatesData {
  const d = data as Partial<CandidatesData> | null
  return (
    typeof d === 'object' &&
    d !== null &&
    Array.isArray(d.candidates) &&
    d.candidates.every((c) => typeof c?.candidate === 'string')
  )
}

/**
 * Puts one Firestore batch of signals in the order they were sent: within a session by its sequence, across
 * sessions (a peer's earlier page and its current one) by server time.
 */
export function inSendOrder(signals: ReceivedSignal[]): ReceivedSignal[] {
  const time = (s: ReceivedSignal) => s.createdAtMs ?? Number.POSITIVE_INFINITY
  return [...signals].sort((a, b) =>
    a.envelope.session === b.envelope.session ? a.envelope.seq - b.envelope.seq : time(a) - time(b),
  )
}
