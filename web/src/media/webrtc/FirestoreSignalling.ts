/**
 * WebRTC signalling through Firestore: `practices/{p}/visits/{a}/signals` (SignalDoc). The rules let a participant
 * read only the signals sent to them, so the listener filters `where('to', '==', selfId)`; each signal is deleted
 * once handled (or found to be a leftover), so the collection stays near empty.
 */
import {
  addDoc,
  collection,
  deleteDoc,
  doc,
  onSnapshot,
  query,
  serverTimestamp,
  where,
  type CollectionReference,
  type Firestore,
  type Timestamp,
} from 'firebase/firestore'
import { paths } from '@/firebase/paths'
import type { SignalDoc } from '@domain/visit'
import { inSendOrder, parseEnvelope, type ReceivedSignal, type SignalEnvelope, type SignalType } from './signalEnvelope'

export class FirestoreSignalling {
  private readonly signals: CollectionReference
  /** Ids already passed on: a listener restart must not hand a signal over twice. */
  private readonly seen = new Set<string>()

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
    const signal: SignalDoc = { from: this.selfId, to, type, payload, createdAt: serverTimestamp() }
    await addDoc(this.signals, signal)
  }

  /**
   * Listens for signals to us and passes each new batch on in send order. Signals that are not ours to read
   * (a malformed payload) are deleted unread. Returns the unsubscribe function.
   */
  listen(onSignals: (signals: ReceivedSignal[]) => void, onError: (err: Error) => void): () => void {
    return onSnapshot(
      query(this.signals, where('to', '==', this.selfId)),
      (snapshot) => {
        const batch: ReceivedSignal[] = []
        for (const change of snapshot.docChanges()) {
          if (change.type !== 'added' || this.seen.has(change.doc.id)) continue
          this.seen.add(change.doc.id)
          const data = change.doc.data() as Partial<SignalDoc>
          const envelope = typeof data.payload === 'string' ? parseEnvelope(data.payload) : null
          if (!envelope || typeof data.from !== 'string' || !isSignalType(data.type)) {
            this.remove(change.doc.id)
            continue
          }
          const createdAt = data.createdAt as Timestamp | null | undefined
          const createdAtMs = createdAt?.toMillis() ?? null
          batch.push({ id: change.doc.id, from: data.from, type: data.type, envelope, createdAtMs })
        }
        if (batch.length > 0) onSignals(inSendOrder(batch))
      },
      onError,
    )
  }

  /** Deletes a handled signal. Best effort: once the visit has ended the rules refuse, and nobody reads it. */
  remove(id: string): void {
    deleteDoc(doc(this.signals, id)).catch(() => {})
  }
}

function isSignalType(type: unknown): type is SignalType {
  return type === 'offer' || type === 'answer' || type === 'candidate' || type === 'bye'
}
