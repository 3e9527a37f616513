/**
 * WebRTC signalling through Firestore: `practices/{p}/visits/{a}/signals` (SignalDoc). The rules let a participant
 * read only the signals sent to them, so the listener filters `where('to', '==', selfId)`; each signal is deleted
 * once handled (or found to be a leftover), so the collection stays near empty.
 *
 * Each sender has MAX_SIGNAL_SLOTS slots (ids `{from}~{slot}`), and the rules refuse a taken one. So this class
 * follows its own outstanding signals (a recipient's delete frees a slot) and sends into a free slot; a slot taken by
 * a signal it has not seen yet (from this participant's previous page) is skipped and the next one tried.
 */
import { MAX_SIGNAL_SLOTS, signalId, type SignalDoc } from '@domain/visit'
import {
  collection,
  deleteDoc,
  doc,
  onSnapshot,
  query,
  serverTimestamp,
  setDoc,
  where,
  type CollectionReference,
  type Firestore,
  type Timestamp,
} from 'firebase/firestore'
import { paths } from '@/firebase/paths'
import { inSendOrder, parseEnvelope, type ReceivedSignal, type SignalEnvelope, type SignalType } from './signalEnvelope'

export class FirestoreSignalling {
  private readonly signals: CollectionReference
  /**
   * The signal last passed on from each slot (document id → its session and sequence): a listener restart must
   * not hand a signal over twice, yet a slot is used again and again, by the sender's later signals and by their
   * next page after a reload, so the id alone does not tell a new signal from one already handled.
   */
  private readonly seen = new Map<string, string>()
  /** Our slots holding a signal not yet deleted by its recipient (or being written). */
  private readonly occupied = new Set<number>()
  /** Where the search for a free slot starts, so slots are used round-robin. */
  private nextSlot = 0

  constructor(
    firestore: Firestore,
    practiceId: string,
    appointmentId: string,
    private readonly selfId: string,
  ) {
    this.signals = collection(firestore, paths.visitSignals(practiceId, appointmentId))
  }

  /**
   * Sends one signal. Resolves when the server has it (offline: when the connection is back, as Firestore
   * queues the write), so callers that only need it sent do not wait.
   */
  async send(to: string, type: SignalType, envelope: SignalEnvelope): Promise<void> {
    const payload = JSON.stringify(envelope)
    let lastError: unknown = new Error('No free signal slot.')
    // A few tries: a refusal is either a slot taken by a signal we have not seen yet, or the visit being over.
    for (let attempt = 0; attempt < 6; attempt++) {
      const slot = this.claimSlot()
      if (slot === null) break
      const signal: SignalDoc = { from: this.selfId, to, type, payload, slot, createdAt: serverTimestamp() }
      try {
        await setDoc(doc(this.signals, signalId(this.selfId, slot)), signal)
        return
      } catch (err) {
        lastError = err
        if ((err as { code?: string }).code !== 'permission-denied') throw err
      }
    }
    throw lastError
  }

  /** A free slot, marked as taken until our own-signals listener says its signal has been deleted. */
  private claimSlot(): number | null {
    for (let i = 0; i < MAX_SIGNAL_SLOTS; i++) {
      const slot = (this.nextSlot + i) % MAX_SIGNAL_SLOTS
      if (this.occupied.has(slot)) continue
      this.occupied.add(slot)
      this.nextSlot = (slot + 1) % MAX_SIGNAL_SLOTS
      return slot
    }
    return null
  }

  /** Follows the signals we sent that are still outstanding, to know which slots are free. */
  private followOwnSlots(onError: (err: Error) => void): () => void {
    return onSnapshot(
      query(this.signals, where('from', '==', this.selfId)),
      (snapshot) => {
        for (const change of snapshot.docChanges()) {
          const slot = change.doc.get('slot') as unknown
          if (typeof slot !== 'number') continue
          if (change.type === 'removed') this.occupied.delete(slot)
          else this.occupied.add(slot)
        }
      },
      onError,
    )
  }

  /**
   * Listens for signals to us and passes each new batch on in send order. Signals that are not ours to read
   * (a malformed payload) are deleted unread. Returns the unsubscribe function.
   */
  listen(onSignals: (signals: ReceivedSignal[]) => void, onError: (err: Error) => void): () => void {
    const stopOwn = this.followOwnSlots(onError)
    const stopIncoming = onSnapshot(
      query(this.signals, where('to', '==', this.selfId)),
      (snapshot) => {
        const batch: ReceivedSignal[] = []
        for (const change of snapshot.docChanges()) {
          // A slot deleted and written again between two snapshots comes as 'modified'.
          if (change.type === 'removed') continue
          const data = change.doc.data() as Partial<SignalDoc>
          const envelope = typeof data.payload === 'string' ? parseEnvelope(data.payload) : null
          if (!envelope || typeof data.from !== 'string' || !isSignalType(data.type)) {
            this.remove(change.doc.id)
            continue
          }
          const identity = `${envelope.session}#${envelope.seq}`
          if (this.seen.get(change.doc.id) === identity) continue
          this.seen.set(change.doc.id, identity)
          const createdAt = data.createdAt as Timestamp | null | undefined
          const createdAtMs = createdAt?.toMillis() ?? null
          batch.push({ id: change.doc.id, from: data.from, type: data.type, envelope, createdAtMs })
        }
        if (batch.length > 0) onSignals(inSendOrder(batch))
      },
      onError,
    )
    return () => {
      stopOwn()
      stopIncoming()
    }
  }

  /** Deletes a handled signal. Best effort: once the visit has ended the rules refuse, and nobody reads it. */
  remove(id: string): void {
    deleteDoc(doc(this.signals, id)).catch(() => {})
  }
}

function isSignalType(type: unknown): type is SignalType {
  return type === 'offer' || type === 'answer' || type === 'candidate' || type === 'bye'
}
