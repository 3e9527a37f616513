/**
 * Credits for functions tests: moves a practice's balance through the one ledger path (`applyLedgerEntry`, run
 * in-process against the emulator), so the balance always equals the sum of the ledger, as in production.
 */
import { randomUUID } from 'node:crypto'
import { applyLedgerEntry, runLedgerTransaction } from '../../../functions/src/billing/ledger'
import { ledgerEntryId } from '../../../functions/src/domain/ledger'
import { admin } from './emulators'


/** Adds (or, negative, removes) `credits` with an adjustment entry; returns the balance after. */
export async function adjustCredits(practiceId: string, credits: number): Promise<number> {
  const adjustmentId = randomUUID()
  return runLedgerTransaction(async (tx) => {
    const outcome = await applyLedgerEntry(tx, practiceId, {
      id: ledgerEntryId.adjustment(adjustmentId),
      kind: 'adjustment',
      delta: credits,
      ref: { type: 'adjustment', id: adjustmentId },
      details: { reason: 'test set-up' },
      actor: { kind: 'system' },
    })
    return outcome.balanceAfter
  })
}

export async function balanceOf(practiceId: string): Promise<number> {
  return ((await admin().db.doc(`practices/${practiceId}/billing/credits`).get()).get('balance') as number | undefined) ?? 0
}

/** Every ledger entry of the practice, by id. */
export async function ledgerOf(practiceId: string) {
  const snap = await admin().db.collection(`practices/${practiceId}/creditLedger`).get()
  return new Map(snap.docs.map((d) => [d.id, d.data()]))
}
