import { randomBytes } from 'node:crypto'
import type { DocumentSnapshot, Transaction } from 'firebase-admin/firestore'
import type { VisitRef } from '../domain/visit'
import { db } from '../lib/db'
import { paths } from '../lib/paths'

/**
 * The documents of one video visit (see docs/data-model.md). The visit shares its id with the appointment, so
 * Start, media access and End find it without a query, and a second Start can never create a second visit.
 */
export function visitRefs(ref: VisitRef) {
  const { practiceId, appointmentId } = ref
  return {
    practice: db().doc(paths.practice(practiceId)),
    appointment: db().doc(paths.appointment(practiceId, appointmentId)),
    visit: db().doc(paths.visit(practiceId, appointmentId)),
    /** Server-only: the rules deny every client, the practitioner and owners included. */
    mediaKey: db().doc(paths.visitMediaKey(practiceId, appointmentId)),
    participants: db().collection(paths.visitParticipants(practiceId, appointmentId)),
    signals: db().collection(paths.visitSignals(practiceId, appointmentId)),
  }
}

/** `practices/{p}/visits/{a}/private/media`: the per-visit media encryption secret handed to participants only. */
export interface MediaKeyDoc {
  /** 32 random bytes, hex: Agora's `encryptionKey` for aes-256-gcm2. */
  key: string
  /** 32 random bytes, base64: Agora's `encryptionKdfSalt`. */
  salt: string
}

/** A fresh media key for one visit; it is deleted when the visit ends, so recorded traffic stays unreadable. */
export function newMediaKey(): MediaKeyDoc {
  return { key: randomBytes(32).toString('hex'), salt: randomBytes(32).toString('base64') }
}

/**
 * The visit's media key inside a transaction that has read it (`snapshot`): the one there, or a fresh one the
 * transaction creates. Start and the media-access prefetch before it both make sure of the key, and only one key
 * may ever exist for a visit (both sides of a call must encrypt with the same one).
 */
export function ensureMediaKey(tx: Transaction, snapshot: DocumentSnapshot): MediaKeyDoc {
  if (snapshot.exists) return snapshot.data() as MediaKeyDoc
  const created = newMediaKey()
  tx.create(snapshot.ref, created)
  return created
}
