/**
 * Charging a call through the credit ledger: one entry `call_{callSid}` per call, so a repeated or reordered status
 * callback can never charge twice. Nothing else in the phone code touches credits.
 */
import type { Transaction } from 'firebase-admin/firestore'
import { applyLedgerEntry, currentBalance } from '../billing/ledger'
import { ledgerEntryId } from '../domain/ledger'

export { ledgerEntryId }

/** The practice's credit balance (0 when it has never had any). */
export const readBalance = (practiceId: string): Promise<number> => currentBalance(practiceId)

export interface CallCharge {
  practiceId: string
  callSid: string
  credits: number
  /** Ids only, for the ledger entry. */
  placedBy: string
  onBehalfOf: string
}

/**
 * Charges the call's connected minutes inside `tx`, which must run under `runLedgerTransaction` (the ledger writes
 * by compare-and-swap). A call already charged changes nothing.
 */
export async function chargeCallInTransaction(tx: Transaction, charge: CallCharge): Promise<void> {
  await applyLedgerEntry(tx, charge.practiceId, {
    id: ledgerEntryId.call(charge.callSid),
    kind: 'call',
    delta: -charge.credits,
    ref: { type: 'call', id: charge.callSid },
    details: { minutes: charge.credits, placedBy: charge.placedBy, onBehalfOf: charge.onBehalfOf },
    // Twilio's callback, not a member, causes the charge.
    actor: { kind: 'system' },
  })
}
