import { randomBytes } from 'node:crypto'
import type { VisitRef } from '../domain/visit'
import { db, paths } from '../lib/db'

/**
 * The documents of one video visit (see docs/data-model.md). The visit shares its id with the appointment, so
 * Start, media access and End find it without a query, and a second Start can never create a second visit.
 */
export function visitRefs(ref: VisitRef) {
  const practice = db().doc(paths.practice(ref.practiceId))
  const visit = practice.collection('visits').doc(ref.appointmentId)
  return {
    practice,
    appointment: practice.collection('appointments').doc(ref.appointmentId),
    visit,
    /** Server-only: the rules deny every client, the practitioner and owners included. */
    mediaKey: visit.collection('private').doc('media'),
    participants: visit.collection('participants'),
    signals: visit.collection('signals'),
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
