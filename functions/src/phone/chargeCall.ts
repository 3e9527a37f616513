/**
 * Charging a call through the credit ledger.
 *
 * ADAPTER — swap for the ledger module when it lands (branch `credits`): the credit ledger (balance document
 * `practices/{p}/billing/credits`, append-only `creditLedger/{entryId}` with deterministic ids, one transaction
 * function that applies an entry) is being built in parallel. Until then this file writes the same shape itself,
 * inside the caller's transaction, so the integrator replaces only `applyCallEntry` and `readBalance`' bodies with
 * calls to the ledger's function. Nothing else in the phone code touches credits.
 *
 * The swap, once `functions/src/billing/ledger.ts` is on main: `prepareCallCharge` becomes
 *   applyLedgerEntry(tx, practiceId, { id: ledgerEntryId.call(callSid), kind: 'call', delta: -credits,
 *     ref: { type: 'call', id: callSid }, details: { minutes: credits }, actor: { kind: 'system' } })
 * called after phoneStatus's own tx.get, phoneStatus's `db().runTransaction` becomes `runLedgerTransaction`, and
 * `readBalance` becomes `currentBalance`.
 */
import { FieldValue, type Transaction } from 'firebase-admin/firestore'
import { db } from '../lib/db'
import { paths } from '../lib/paths'

const balancePath = (practiceId: string) => `${paths.practice(practiceId)}/billing/credits`
const ledgerEntryPath = (practiceId: string, entryId: string) => `${paths.practice(practiceId)}/creditLedger/${entryId}`

/** The ledger entry id of a call's charge: one per call, so a repeated callback cannot charge twice. */
export const callEntryId = (callSid: string) => `call_${callSid}`

/** The practice's credit balance (0 when it has never bought any). */
export async function readBalance(practiceId: string, tx?: Transaction): Promise<number> {
  const ref = db().doc(balancePath(practiceId))
  const snap = tx ? await tx.get(ref) : await ref.get()
  const balance = snap.get('balance')
  return typeof balance === 'number' ? balance : 0
}

export interface CallCharge {
  practiceId: string
  callSid: string
  credits: number
  /** Ids only, for the ledger entry. */
  placedBy: string
  onBehalfOf: string
}

/**
 * Reads what the charge needs inside `tx`; call before any write in the transaction (Firestore's reads-first rule).
 * Returns the function that writes the charge, or null when this call was charged already.
 */
export async function prepareCallCharge(tx: Transaction, charge: CallCharge): Promise<(() => void) | null> {
  const entryRef = db().doc(ledgerEntryPath(charge.practiceId, callEntryId(charge.callSid)))
  const [entry, balance] = await Promise.all([tx.get(entryRef), readBalance(charge.practiceId, tx)])
  if (entry.exists) return null
  return () => {
    const balanceAfter = balance - charge.credits
    // The ledger's entry shape (LedgerEntryDoc on branch `credits`): details { minutes }, a system actor (Twilio's
    // callback, not a member, causes the charge).
    tx.create(entryRef, {
      kind: 'call',
      delta: -charge.credits,
      balanceAfter,
      ref: { type: 'call', id: charge.callSid },
      details: { minutes: charge.credits, placedBy: charge.placedBy, onBehalfOf: charge.onBehalfOf },
      actor: { kind: 'system' },
      at: FieldValue.serverTimestamp(),
    })
    tx.set(db().doc(balancePath(charge.practiceId)), { balance: balanceAfter, lastEntryId: callEntryId(charge.callSid), updatedAt: FieldValue.serverTimestamp() }, { merge: true })
  }
}
