import { randomUUID } from 'node:crypto'
import { Timestamp, type DocumentReference, type DocumentSnapshot } from 'firebase-admin/firestore'
import { ledgerEntryId } from '../domain/ledger'
import type { PendingVisitCharge } from '../domain/visit'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { appendNewLedgerEntries, applyLedgerEntries, creditRefs, runLedgerTransaction, type LedgerEntryInput } from './ledger'

/** Visits settled per transaction: each writes its entry, its audit and the visit (a commit takes 500 writes). */
const BATCH = 100
/** A settler that died lets go after this long; a live one finishes far sooner. */
const LEASE_MS = 30_000

function entryFor(visit: DocumentSnapshot): LedgerEntryInput {
  const charge = visit.get('pendingCharge') as PendingVisitCharge
  return {
    id: ledgerEntryId.visit(visit.id),
    kind: 'visit',
    delta: -charge.credits,
    ref: { type: 'visit', id: visit.id },
    details: { blocks: charge.blocks, patients: charge.patients, reason: charge.reason },
    actor: charge.actor,
  }
}

const pendingVisits = (practiceId: string) => db().collection(paths.visits(practiceId)).where('chargePending', '==', true)

/**
 * Puts the charges of a practice's ended visits into the credit ledger: every visit whose End left its charge
 * pending (finishVisitInTransaction), in rounds of up to a hundred, each one transaction that moves the balance
 * once. Runs right after each End and on every sweep; exactly once, since the entry id is the visit's and the visit
 * stops being pending in the same commit, conditioned on the visit being unchanged since read.
 *
 * One settler per practice at a time (a lease on `billing/settlement`): when many visits end at once, every End
 * racing for the balance document with the same batch would redo the batch over and over. An End that finds the
 * lease taken returns at once: the holder looks for pending charges again after letting go, so a charge made
 * before the lease was seen taken is always picked up (and a holder that died is followed by the next sweep).
 */
export async function settleVisitCharges(practiceId: string): Promise<number> {
  const lease = db().doc(paths.settlementLease(practiceId))
  let settled = 0
  for (;;) {
    const held = await takeLease(lease)
    if (!held) return settled
    try {
      // Let go well before the lease expires, so no second settler takes over a lease still in use.
      settled += await settleAllPending(practiceId, held.claimedAt.toMillis() + LEASE_MS / 2)
    } finally {
      await releaseLease(lease, held)
    }
    // A charge may have become pending after the last look, while its End found the lease taken and left it here.
    if ((await pendingVisits(practiceId).limit(1).get()).empty) return settled
  }
}

/**
 * Settles rounds until a look finds nothing pending (or the lease's time is up), keeping the lease across rounds:
 * while many visits end, each round takes whatever became pending during the last, rather than letting go and
 * taking the lease again for every few. A round is one read of the pending visits beside one of the balance, and
 * the commit: no entry is read (see appendNewLedgerEntries), nor is a visit read twice.
 */
async function settleAllPending(practiceId: string, until: number): Promise<number> {
  const balance = creditRefs(practiceId).balance
  let settled = 0
  while (Date.now() < until) {
    const round = await runLedgerTransaction(async (tx, attempt) => {
      const [pending, balanceSnap] = await Promise.all([pendingVisits(practiceId).limit(BATCH).get(), attempt === 1 ? balance.get() : null])
      if (pending.empty) return 0
      const entries = pending.docs.map(entryFor)
      // A retry checks the entries too: should one exist after all (ALREADY_EXISTS), its visit is only cleared.
      if (balanceSnap) appendNewLedgerEntries(tx, practiceId, balanceSnap, entries)
      else await applyLedgerEntries(tx, practiceId, entries)
      for (const visit of pending.docs) tx.update(visit.ref, { chargePending: false, pendingCharge: null }, { lastUpdateTime: visit.updateTime })
      return pending.size
    })
    if (round === 0) break
    settled += round
  }
  return settled
}

/** A lease this settler holds: its id, and when the claim was written (the release's precondition). */
interface HeldLease {
  holder: string
  claimedAt: Timestamp
}

/** Takes the lease when it is free or expired (compare-and-swap, no transaction locks); returns it, or null. */
async function takeLease(lease: DocumentReference): Promise<HeldLease | null> {
  const current = await lease.get()
  const expiresAt = current.get('expiresAt') as Timestamp | undefined
  if (current.exists && expiresAt && expiresAt.toMillis() > Date.now()) return null
  const holder = randomUUID()
  const claim = { holder, expiresAt: Timestamp.fromMillis(Date.now() + LEASE_MS) }
  try {
    const written = current.exists ? await lease.update(claim, { lastUpdateTime: current.updateTime! }) : await lease.create(claim)
    return { holder, claimedAt: written.writeTime }
  } catch (err) {
    const code = (err as { code?: unknown }).code
    // Someone else took it first (the document changed, or was created, since we read it).
    if (code === 9 || code === 6 || code === 10) return null
    throw err
  }
}

/**
 * Lets go of the lease: deleted on the precondition that it is unchanged since our claim, which saves reading it
 * first. Should that fail, it is read: still ours (not taken over after expiring), it is deleted all the same.
 */
async function releaseLease(lease: DocumentReference, held: HeldLease): Promise<void> {
  try {
    await lease.delete({ lastUpdateTime: held.claimedAt })
  } catch {
    const current = await lease.get()
    if (current.get('holder') !== held.holder) return
    await lease.delete({ lastUpdateTime: current.updateTime! }).catch(() => undefined)
  }
}
