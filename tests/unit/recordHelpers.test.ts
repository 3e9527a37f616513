import { describe, expect, it } from 'vitest'
import { AUDIT_CSV, type AuditRow } from '../../web/src/audit/auditRows'
import { ledgerCsv, type LedgerRow } from '../../web/src/billing/ledgerRows'
import { choicesOf, memberChoices, membersByName } from '../../web/src/components/records/recordChoices'
import { loadFailureMessage } from '../../web/src/components/records/recordMessages'

describe('record list messages', () => {
  it('says a refusal by the rules as such when it names whose records they are', () => {
    expect(loadFailureMessage('members', { code: 'permission-denied' }, "this practice's")).toBe("You don't have access to this practice's members.")
  })

  it('asks for a reload for any other failure, or when it names no owner', () => {
    expect(loadFailureMessage('members', { code: 'unavailable' }, "this practice's")).toBe("The members couldn't be loaded. Reload the page to try again.")
    expect(loadFailureMessage('audit log', { code: 'permission-denied' })).toBe("The audit log couldn't be loaded. Reload the page to try again.")
    expect(loadFailureMessage('ledger', new Error('offline'))).toBe("The ledger couldn't be loaded. Reload the page to try again.")
  })
})

describe('record filter choices', () => {
  it('keeps the values in order, labelled by the value unless told otherwise', () => {
    expect(choicesOf(['b', 'a'])).toEqual([
      { value: 'b', label: 'b' },
      { value: 'a', label: 'a' },
    ])
    expect(choicesOf(['busy'], (v) => v.toUpperCase())).toEqual([{ value: 'busy', label: 'BUSY' }])
  })

  it('sorts members by name, a member without one first, and offers them by uid', () => {
    const members = [
      { uid: 'u2', displayName: 'Sam Patel' },
      { uid: 'u3', displayName: null },
      { uid: 'u1', displayName: 'Mei Chen' },
    ]
    expect(membersByName(members).map((m) => m.uid)).toEqual(['u3', 'u1', 'u2'])
    expect(memberChoices(members)).toEqual([
      { value: 'u3', label: 'u3' },
      { value: 'u1', label: 'Mei Chen' },
      { value: 'u2', label: 'Sam Patel' },
    ])
  })
})

describe('record log exports', () => {
  it('writes the audit cells the table shows, and the entry id', () => {
    const row: AuditRow = { id: 'e1', date: '2026-03-10 14:05', who: 'Mei Chen (owner)', action: 'visit.started', about: 'visit a1', aboutLink: null, details: 'patients=2' }
    expect(AUDIT_CSV.fileName).toBe('audit-log.csv')
    expect(AUDIT_CSV.cells(row)).toEqual(['2026-03-10 14:05', 'Mei Chen (owner)', 'visit.started', 'visit a1', 'patients=2', 'e1'])
  })

  it('names the ledger file for the days it covers', () => {
    expect(ledgerCsv('', '').fileName).toBe('credit-ledger.csv')
    expect(ledgerCsv('2026-03-01', '').fileName).toBe('credit-ledger-from-2026-03-01.csv')
    expect(ledgerCsv('2026-03-01', '2026-03-31').fileName).toBe('credit-ledger-from-2026-03-01-to-2026-03-31.csv')
    const row: LedgerRow = { id: 'g1', date: '2026-03-10 14:05', kind: 'Credit grant', description: 'March', visitId: null, delta: 500, balanceAfter: 620 }
    expect(ledgerCsv('', '').cells(row)).toEqual(['2026-03-10 14:05', 'Credit grant', 'March', 500, 620, 'g1'])
  })
})
