/**
 * The credit ledger's shapes and rules, shared by the functions that write it and the console that shows it.
 * `practices/{p}/billing/credits` holds the balance; `practices/{p}/creditLedger/{entryId}` the entries, each
 * appended in the same transaction that moves the balance. Types only and pure functions, no Firebase imports.
 */

export type LedgerEntryKind = 'visit' | 'call' | 'grant' | 'adjustment'
export const LEDGER_ENTRY_KINDS: readonly LedgerEntryKind[] = ['visit', 'call', 'grant', 'adjustment']

export const LEDGER_KIND_LABELS: Record<LedgerEntryKind, string> = {
  visit: 'Video visit',
  call: 'Phone call',
  grant: 'Credit grant',
  adjustment: 'Adjustment',
}

/**
 * Deterministic entry ids: the thing charged or credited names its entry, so a retried or duplicated charge finds
 * the entry already there and changes nothing.
 */
export const ledgerEntryId = {
  visit: (appointmentId: string) => `visit_${appointmentId}`,
  call: (callSid: string) => `call_${callSid}`,
  grant: (grantId: string) => `grant_${grantId}`,
  adjustment: (adjustmentId: string) => `adjust_${adjustmentId}`,
}

/** Who or what caused an entry: a member, or the system (the sweep, a trigger). */
export type LedgerActor = { uid: string; role: string } | { kind: 'system' }

/** `practices/{p}/billing/credits`: the balance. */
export interface CreditBalanceDoc {
  /** Credits; may go below zero (a visit in progress is never cut off). */
  balance: number
  /** The entry that last moved the balance, and how many entries there are. */
  lastEntryId: string
  entryCount: number
  updatedAt: unknown // Timestamp
}

/** `practices/{p}/creditLedger/{entryId}`: append-only. */
export interface LedgerEntryDoc {
  kind: LedgerEntryKind
  /** Negative for a charge, positive for a grant. Whole credits. */
  delta: number
  balanceAfter: number
  /** What it was for: the visit (appointment id), the call (call SID), the grant. */
  ref: { type: 'visit' | 'call' | 'grant' | 'adjustment'; id: string }
  /** `{ blocks, patients }` for a visit, `{ minutes }` for a call, `{ reason }` for a grant or an adjustment. */
  details: Record<string, string | number | boolean | null>
  actor: LedgerActor
  at: unknown // Timestamp
}

export const DEFAULT_LOW_BALANCE_CREDITS = 20

/** The practice's warning threshold: the setting when it is a whole number 0–100,000, else the default. */
export function lowBalanceThreshold(setting: unknown): number {
  return typeof setting === 'number' && Number.isInteger(setting) && setting >= 0 && setting <= 100_000
    ? setting
    : DEFAULT_LOW_BALANCE_CREDITS
}

/** The owner is warned when the balance is at or below the threshold (and always when it is negative). */
export function isLowBalance(balance: number, threshold: number): boolean {
  return balance < 0 || balance <= threshold
}

/** A grant an admin creates in the Firebase console: a positive whole amount and a reason. */
export const GRANT_MAX_CREDITS = 100_000
export const GRANT_REASON_MAX = 200

/** Why a grant cannot be applied, as the admin will read it on the grant document; null when it is fine. */
export function grantProblem(data: Record<string, unknown>): string | null {
  const allowed = new Set(['amount', 'reason', 'createdAt', 'createdBy'])
  const unknown = Object.keys(data).filter((k) => !allowed.has(k))
  if (unknown.length) return `Unknown field ${unknown[0]}: a grant has only amount and reason.`
  const { amount, reason } = data
  if (typeof amount !== 'number' || !Number.isInteger(amount)) return 'amount must be a whole number of credits (a number, not text).'
  if (amount < 1 || amount > GRANT_MAX_CREDITS) return `amount must be between 1 and ${GRANT_MAX_CREDITS.toLocaleString('en')}.`
  if (typeof reason !== 'string' || !reason.trim()) return 'reason is missing: say why the credits are granted (e.g. an invoice number).'
  if (reason.length > GRANT_REASON_MAX) return `reason must be at most ${GRANT_REASON_MAX} characters.`
  return null
}
