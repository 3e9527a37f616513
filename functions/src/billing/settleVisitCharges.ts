import type { DocumentSnapshot } from 'firebase-admin/firestore'
import { ledgerEntryId } from '../domain/ledger'
import type { PendingVisitCharge } from '../domain/visit'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { applyLedgerEntries, runLedgerTransaction, type LedgerEntryInput } from './ledger'

/** Visits settled per transaction: each writes its entry, its audit and the visit (a commit takes 500 writes). */
const BATCH = 100

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

/**
 * Puts the charges of a practice's ended visits into the credit ledger: every visit whose End left its charge
 * pending (finishVisitInTransaction), up to a hundred in one transaction that moves the balance once. Runs right
 * after each End and on every sweep, so a charge an End could not settle (a crash, a timeout) is settled by the
 * next one. Exactly once: the entry id is the visit's, an entry already there changes nothing, and the visit stops
 * being pending in the same commit. Returns how many visits it settled.
 */
export async function settleVisitCharges(practiceId: string): Promise<number> {
  const pendingQuery = db().collection(paths.visits(practiceId)).where('chargePending', '==', true).limit(BATCH)
  let settled = 0
  for (;;) {
    const pending = await pendingQuery.get()
    if (pending.empty) return settled
    settled += await runLedgerTransaction(async (tx) => {
      // Read again in each attempt (without locks, like the balance): another settlement may have taken some.
      const visits = (await Promise.all(pending.docs.map((doc) => doc.ref.get()))).filter((visit) => visit.get('chargePending') === true)
      if (visits.length === 0) return 0
      await applyLedgerEntries(tx, practiceId, visits.map(entryFor))
      for (const visit of visits) tx.update(visit.ref, { chargePending: false, pendingCharge: null }, { lastUpdateTime: visit.updateTime! })
      return visits.length
    })
    if (pending.size < BATCH) return settled
  }
}
