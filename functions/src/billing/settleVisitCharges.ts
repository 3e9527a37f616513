import { randomUUID } from 'node:crypto'
import { Timestamp, type DocumentReference, type DocumentSnapshot } from 'firebase-admin/firestore'
import { ledgerEntryId } from '../domain/ledger'
import type { PendingVisitCharge } from '../domain/visit'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { applyLedgerEntries, runLedgerTransaction, type LedgerEntryInput } from './ledger'

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
 * pending (finishVisitInTransaction), a hundred at a time in one transaction that moves the balance once. Runs
 * right after each End and on every sweep; exactly once, since the entry id is the visit's and the visit stops being
 * pending in the same commit.
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
    const holder = await takeLease(lease)
    if (!holder) return settled
    try {
      settled += await settleAllPending(practiceId)
    } finally {
      await releaseLease(lease, holder)
    }
    // A charge may have become pending after the last look, while its End found the lease taken and left it here.
    if ((await pendingVisits(practiceId).limit(1).get()).empty) return settled
  }
}

async function settleAllPending(practiceId: string): Promise<number> {
  let settled = 0
  for (;;) {
    const pending = await pendingVisits(practiceId).limit(BATCH).get()
    if (pending.empty) return settled
    settled += await runLedgerTransaction(async (tx) => {
      // Read again in each attempt (without locks, like the balance): the sweep may have settled some meanwhile.
      const visits = (await db().getAll(...pending.docs.map((doc) => doc.ref))).filter((visit) => visit.get('chargePending') === true)
      if (visits.length === 0) return 0
      await applyLedgerEntries(tx, practiceId, visits.map(entryFor))
      for (const visit of visits) tx.update(visit.ref, { chargePending: false, pendingCharge: null }, { lastUpdateTime: visit.updateTime! })
      return visits.length
    })
    if (pending.size < BATCH) return settled
  }
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
