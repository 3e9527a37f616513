import { FieldValue, type DocumentSnapshot, type Transaction } from 'firebase-admin/firestore'
import { appendAuditInTransaction } from '../audit/appendAudit'
import type { AuditAction } from '../domain/audit'
import type { CreditBalanceDoc, LedgerActor, LedgerEntryDoc, LedgerEntryKind } from '../domain/ledger'
import { db } from '../lib/db'
import { paths } from '../lib/paths'

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

const AUDIT_ACTION: Record<LedgerEntryKind, AuditAction> = {
  visit: 'credits.charged',
  call: 'credits.charged',
  grant: 'credits.granted',
  adjustment: 'credits.adjusted',
}

export function creditRefs(practiceId: string) {
  return {
    balance: db().doc(paths.creditBalance(practiceId)),
    ledger: db().collection(paths.creditLedger(practiceId)),
  }
}

/**
 * The only way credits move. Inside the caller's transaction: appends the entry, moves the balance by exactly its
 * delta and audits it, all committed together, so the balance always equals the sum of the ledger; when the entry
 * already exists (a retry, a duplicated trigger) it changes nothing. Used by visit settlement, credit grants and
 * (next) phone calls (`call_{callSid}`, 1 credit per started minute).
 *
 * Why compare-and-swap rather than `tx.get`: every charge of a practice reads and writes the same balance
 * document. Transactional reads take locks, and two transactions that both read it and then both write it wait on
 * each other until one times out (30 s in the Firestore emulator), which turns a busy hour into a queue of stalls.
 * So the balance and the entry are read without locks and written with preconditions (the balance unchanged since
 * it was read, the entry still absent): the commit fails if another charge got in first, and
 * {@link runLedgerTransaction} runs the whole transaction again. Call it from inside `runLedgerTransaction`, after
 * the caller's own `tx.get` reads (it writes).
 */
export async function applyLedgerEntry(tx: Transaction, practiceId: string, entry: LedgerEntryInput): Promise<LedgerOutcome> {
  return (await applyLedgerEntries(tx, practiceId, [entry]))[0]!
}

/**
 * {@link applyLedgerEntry} for several entries of one practice in one transaction: the balance is read and written
 * once, the entries appended in order, each with its own balance after. Settling a batch of visits this way costs
 * one compare-and-swap on the balance instead of one each (the hot document of a busy practice). At most 150
 * entries (each writes the entry and its audit; a commit takes 500 writes).
 */
export async function applyLedgerEntries(tx: Transaction, practiceId: string, entries: LedgerEntryInput[]): Promise<LedgerOutcome[]> {
  assertWholeCredits(entries)
  const refs = creditRefs(practiceId)
  // One batched read for the balance and every entry (a hundred separate gets would be a hundred round trips).
  const [balanceSnap, ...existing] = (await db().getAll(refs.balance, ...entries.map((entry) => refs.ledger.doc(entry.id)))) as [
    DocumentSnapshot,
    ...DocumentSnapshot[],
  ]
  return writeLedgerEntries(tx, practiceId, balanceSnap, entries, (i) => existing[i]!.exists)
}

/**
 * {@link applyLedgerEntries} for entries that cannot exist yet, on the balance as the caller has just read it
 * (without a lock, alongside its own reads): nothing more is read, so a settlement round costs its reads and the
 * commit. Visit settlement knows its entries are new: a visit's entry is created only in the commit that clears the
 * visit's pending charge, and that commit is conditioned on the visit, still pending, being unchanged since read.
 * Should an entry exist after all, `tx.create` fails the commit (ALREADY_EXISTS) rather than appending it twice.
 */
export function appendNewLedgerEntries(
  tx: Transaction,
  practiceId: string,
  balanceSnap: DocumentSnapshot,
  entries: LedgerEntryInput[],
): LedgerOutcome[] {
  assertWholeCredits(entries)
  return writeLedgerEntries(tx, practiceId, balanceSnap, entries, () => false)
}

function assertWholeCredits(entries: LedgerEntryInput[]): void {
  for (const entry of entries) {
    if (!Number.isInteger(entry.delta)) throw new Error(`Ledger deltas are whole credits, got ${entry.delta}.`)
  }
}

/** Appends the entries not already there and moves the balance read as `balanceSnap`, on condition it is unchanged. */
function writeLedgerEntries(
  tx: Transaction,
  practiceId: string,
  balanceSnap: DocumentSnapshot,
  entries: LedgerEntryInput[],
  exists: (index: number) => boolean,
): LedgerOutcome[] {
  const refs = creditRefs(practiceId)
  let balance = (balanceSnap.get('balance') as number | undefined) ?? 0
  let entryCount = (balanceSnap.get('entryCount') as number | undefined) ?? 0
  let lastEntryId: string | null = null
  const at = FieldValue.serverTimestamp()
  const outcomes = entries.map((entry, i): LedgerOutcome => {
    if (exists(i)) return { applied: false, balanceAfter: balance }
    balance += entry.delta
    entryCount += 1
    lastEntryId = entry.id
    tx.create(refs.ledger.doc(entry.id), {
      kind: entry.kind,
      delta: entry.delta,
      balanceAfter: balance,
      ref: entry.ref,
      details: entry.details,
      actor: entry.actor,
      at,
    } satisfies LedgerEntryDoc)
    appendAuditInTransaction(tx, practiceId, {
      actor: entry.actor,
      action: AUDIT_ACTION[entry.kind],
      target: { type: entry.ref.type, id: entry.ref.id },
      details: { entryId: entry.id, delta: entry.delta, balanceAfter: balance },
    })
    return { applied: true, balanceAfter: balance }
  })
  if (lastEntryId === null) return outcomes
  const next = { balance, lastEntryId, entryCount, updatedAt: at } satisfies CreditBalanceDoc
  if (balanceSnap.exists) tx.update(refs.balance, next, { lastUpdateTime: balanceSnap.updateTime! })
  else tx.create(refs.balance, next)
  return outcomes
}

/** gRPC codes of a lost compare-and-swap: the precondition failed, or the document was created meanwhile. */
const LOST_RACE = new Set([9 /* FAILED_PRECONDITION */, 6 /* ALREADY_EXISTS */, 10 /* ABORTED */])
const MAX_ATTEMPTS = 60

/**
 * `db().runTransaction`, run again (with jittered back-off) whenever a compare-and-swap write lost a race, so each
 * attempt starts from fresh reads. Every transaction that moves credits or ends a visit runs through it. `attempt`
 * (1 first) lets a caller start the first attempt from documents it has just read anyway: a stale one only fails
 * the commit's precondition, and the next attempt reads afresh.
 */
export async function runLedgerTransaction<T>(update: (tx: Transaction, attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db().runTransaction((tx) => update(tx, attempt), { maxAttempts: 1 })
    } catch (err) {
      const code = (err as { code?: unknown }).code
      if (attempt >= MAX_ATTEMPTS || typeof code !== 'number' || !LOST_RACE.has(code)) throw err
      const ceiling = Math.min(1_000, 10 * 2 ** Math.min(attempt, 7))
      await new Promise((r) => setTimeout(r, Math.random() * ceiling))
    }
  }
}

/** The balance as it stands (0 before the first entry): for checks such as Start's, not for writing it. */
export async function currentBalance(practiceId: string): Promise<number> {
  return ((await creditRefs(practiceId).balance.get()).get('balance') as number | undefined) ?? 0
}
