/**
 * Test data builders for credits (shapes in functions/src/domain/ledger.ts and docs/data-model.md): the balance,
 * ledger entries and the grants an admin creates. Plain objects only, like ./practice.ts.
 */
import type { CreditBalanceDoc, LedgerEntryDoc } from '../../functions/src/domain/ledger'
import { uniqueId } from './ids'

const AT = new Date('2025-03-10T23:30:00Z')

/** The balance document as functions write it, with a `Date` for its timestamp. */
export type CreditBalanceDocData = CreditBalanceDoc & { updatedAt: Date }

/** A ledger entry as functions write it, with a `Date` for its timestamp. */
export type LedgerEntryDocData = LedgerEntryDoc & { at: Date }

export function aCreditBalance(overrides: Partial<CreditBalanceDocData> = {}): CreditBalanceDocData {
  return { balance: 100, lastEntryId: `grant_${uniqueId('grant')}`, entryCount: 1, updatedAt: AT, ...overrides }
}

/** A visit charge of 2 credits (one block, one patient) unless overridden. */
export function aLedgerEntry(overrides: Partial<LedgerEntryDocData> = {}): LedgerEntryDocData {
  return {
    kind: 'visit',
    delta: -2,
    balanceAfter: 98,
    ref: { type: 'visit', id: uniqueId('appointment') },
    details: { blocks: 1, patients: 1, reason: 'ended-by-practitioner' },
    actor: { uid: uniqueId('user'), role: 'practitioner' },
    at: AT,
    ...overrides,
  }
}

/** A grant as an admin types it into the Firebase console. */
export function aCreditGrant(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { amount: 500, reason: 'Invoice 1001', ...overrides }
}
