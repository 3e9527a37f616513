import { describe, expect, it } from 'vitest'
import { creditsToStartVisit } from '../../functions/src/domain/credits'
import { grantProblem, isLowBalance, ledgerEntryId, lowBalanceThreshold } from '../../functions/src/domain/ledger'

describe('ledger entry ids', () => {
  it('are derived from what is charged, so a retry finds the same entry', () => {
    expect(ledgerEntryId.visit('appt-1')).toBe('visit_appt-1')
    expect(ledgerEntryId.call('CA123')).toBe('call_CA123')
    expect(ledgerEntryId.grant('g1')).toBe('grant_g1')
  })
})

describe('starting a visit needs the first block', () => {
  it('is 2 credits per booked patient, at least one', () => {
    expect(creditsToStartVisit(0)).toBe(2)
    expect(creditsToStartVisit(1)).toBe(2)
    expect(creditsToStartVisit(3)).toBe(6)
  })
})

describe('low balance', () => {
  it('warns at or below the threshold and whenever the balance is negative', () => {
    expect(isLowBalance(21, 20)).toBe(false)
    expect(isLowBalance(20, 20)).toBe(true)
    expect(isLowBalance(-1, 0)).toBe(true)
    expect(isLowBalance(0, 0)).toBe(true)
  })

  it('falls back to 20 credits when the setting is missing or malformed', () => {
    expect(lowBalanceThreshold(undefined)).toBe(20)
    expect(lowBalanceThreshold(2.5)).toBe(20)
    expect(lowBalanceThreshold(-1)).toBe(20)
    expect(lowBalanceThreshold(0)).toBe(0)
    expect(lowBalanceThreshold(500)).toBe(500)
  })
})

describe('credit grants', () => {
  it('accepts a whole positive amount with a reason', () => {
    expect(grantProblem({ amount: 500, reason: 'Invoice 1042' })).toBeNull()
    expect(grantProblem({ amount: 100_000, reason: 'x', createdAt: new Date() })).toBeNull()
  })

  it.each([
    [{ amount: 0, reason: 'x' }, 'amount must be between 1 and 100,000.'],
    [{ amount: 100_001, reason: 'x' }, 'amount must be between 1 and 100,000.'],
    [{ amount: '5', reason: 'x' }, 'amount must be a whole number of credits (a number, not text).'],
    [{ amount: 5, reason: '   ' }, 'reason is missing: say why the credits are granted (e.g. an invoice number).'],
    [{ amount: 5, reason: 'x'.repeat(201) }, 'reason must be at most 200 characters.'],
    [{ amount: 5, reason: 'x', status: 'applied ' }, 'Unknown field status: a grant has only amount and reason.'],
  ])('rejects %j', (grant, problem) => {
    expect(grantProblem(grant)).toBe(problem)
  })
})
