/**
 * References to a visit's chat: messages, file records and their chunks (practices/{p}/visits/{a}/…), for the
 * console and the patient's page alike: they take the caller's Firestore. Shapes: functions/src/domain/chat.ts and
 * functions/src/domain/attachments.ts; the rules decide who reads and writes (firestore.rules, "visit chat").
 */
import { collection, doc, type CollectionReference, type DocumentReference, type Firestore } from 'firebase/firestore'

export interface ChatVisit {
  practiceId: string
  appointmentId: string
}

const visitPath = (v: ChatVisit) => `practices/${v.practiceId}/visits/${v.appointmentId}`

export function messagesRef(db: Firestore, visit: ChatVisit): CollectionReference {
  return collection(db, `${visitPath(visit)}/messages`)
}

export function attachmentsRef(db: Firestore, visit: ChatVisit): CollectionReference {
  return collection(db, `${visitPath(visit)}/attachments`)
}

export function chunksRef(db: Firestore, visit: ChatVisit, attachmentId: string): CollectionReference {
  return collection(db, `${visitPath(visit)}/attachments/${attachmentId}/chunks`)
}

export function chunkRef(db: Firestore, visit: ChatVisit, attachmentId: string, index: number): DocumentReference {
  return doc(db, `${visitPath(visit)}/attachments/${attachmentId}/chunks/${index}`)
}
