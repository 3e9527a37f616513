import { FieldValue, type Transaction, type WriteBatch } from 'firebase-admin/firestore'
import type { AuditAction } from '../domain/audit'
import { db } from '../lib/db'
import { paths } from '../lib/paths'

export type AuditActor = { uid: string; role: string } | { kind: 'system' }

export interface AuditEntry {
  actor: AuditActor
  action: AuditAction
  target: { type: string; id: string }
  /** Ids and enums only: the audit log must not become a second copy of patient records. */
  details?: Record<string, string | number | boolean | null>
}

function newEntry(practiceId: string, entry: AuditEntry) {
  const ref = db().collection(paths.audit(practiceId)).doc()
  return { ref, doc: { ...entry, details: entry.details ?? {}, at: FieldValue.serverTimestamp() } }
}

/**
 * Appends an entry to the practice's append-only audit log inside `tx`, so the entry exists exactly when the
 * change it records does. Clients can never write or change the log (see firestore.rules).
 */
export function appendAuditInTransaction(tx: Transaction, practiceId: string, entry: AuditEntry): void {
  const { ref, doc } = newEntry(practiceId, entry)
  tx.create(ref, doc)
}

/** The same inside a batch, for writes that claim their document with a precondition rather than a transaction. */
export function appendAuditInBatch(batch: WriteBatch, practiceId: string, entry: AuditEntry): void {
  const { ref, doc } = newEntry(practiceId, entry)
  batch.create(ref, doc)
}

/** Appends an entry on its own, for events that change nothing else in Firestore. */
export async function appendAudit(practiceId: string, entry: AuditEntry): Promise<void> {
  const { ref, doc } = newEntry(practiceId, entry)
  await ref.create(doc)
}
