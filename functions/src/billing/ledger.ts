import { FieldValue, type Transaction } from 'firebase-admin/firestore'
import { appendAuditInTransaction } from '../audit/appendAudit'
import type { CreditBalanceDoc, LedgerActor, LedgerEntryDoc, LedgerEntryKind } from '../domain/ledger'
import { db, paths } from '../lib/db'

/** One entry to append: its deterministic id (`ledgerEntryId.*`), what it does to the balance, and why. */
export interface LedgerEntryInput {
  id: string
  kind: LedgerEntryKind
  /** Whole credits: negative charges, positive credits. */
  delta: number
  ref: LedgerEntryDoc['ref']
  details: LedgerEntryDoc['details']
  actor: LedgerActor
}

export type LedgerOutcome =
  /** Appended now; the balance moved by `delta`. */
  | { applied: true; balanceAfter: number }
  /** The entry was already there (a retry or a duplicate delivery): nothing changed. */
  | { applied: false; balanceAfter: number }

const AUDIT_ACTION: Record<LedgerEntryKind, string> = {
  visit: 'credits.charged',
  call: 'credits.charged',
  grant: 'credits.granted',
  adjustment: 'credits.adjusted',
}

export function creditRefs(practiceId: string) {
  const practice = db().doc(paths.practice(practiceId))
  return {
    balance: practice.collection('billing').doc('credits'),
    ledger: practice.collection('creditLedger'),
  }
}

/**
 * The only way credits move. Inside the caller's transaction: reads the balance and the entry, then (unless the
 * entry already exists) appends the entry, moves the balance by exactly its delta and audits it, so the balance
 * always equals the sum of the ledger and a retried or duplicated charge is a no-op. Firestore transactions need
 * every read before any write: call it after the caller's own reads and before the caller's own writes.
 * Used by visit settlement, credit grants and (next) phone calls (`call_{callSid}`, 1 credit per started minute).
 */
export async function applyLedgerEntry(tx: Transaction, practiceId: string, entry: LedgerEntryInput): Promise<LedgerOutcome> {
  if (!Number.isInteger(entry.delta)) throw new Error(`Ledger deltas are whole credits, got ${entry.delta}.`)
  const refs = creditRefs(practiceId)
  const entryRef = refs.ledger.doc(entry.id)
  const [balanceSnap, existing] = await Promise.all([tx.get(refs.balance), tx.get(entryRef)])
  const balance = (balanceSnap.get('balance') as number | undefined) ?? 0
  if (existing.exists) return { applied: false, balanceAfter: balance }

  const balanceAfter = balance + entry.delta
  const at = FieldValue.serverTimestamp()
  tx.create(entryRef, {
    kind: entry.kind,
    delta: entry.delta,
    balanceAfter,
    ref: entry.ref,
    details: entry.details,
    actor: entry.actor,
    at,
  } satisfies LedgerEntryDoc)
  tx.set(refs.balance, {
    balance: balanceAfter,
    lastEntryId: entry.id,
    entryCount: ((balanceSnap.get('entryCount') as number | undefined) ?? 0) + 1,
    updatedAt: at,
  } satisfies CreditBalanceDoc)
  appendAuditInTransaction(tx, practiceId, {
    actor: entry.actor,
    action: AUDIT_ACTION[entry.kind],
    target: { type: entry.ref.type, id: entry.ref.id },
    details: { entryId: entry.id, delta: entry.delta, balanceAfter },
  })
  return { applied: true, balanceAfter }
}

/** The balance as it stands, inside a transaction (0 before the first entry). */
export async function readBalance(tx: Transaction, practiceId: string): Promise<number> {
  return ((await tx.get(creditRefs(practiceId).balance)).get('balance') as number | undefined) ?? 0
}
