import { describe, expect, it } from 'vitest'
import { signUnsubscribeToken, verifyUnsubscribeToken } from '../../functions/src/reminders/unsubscribeToken'

const key = 'unit-test-key-0123456789'
const claims = { practiceId: 'practice-1', patientId: 'patient-1', channel: 'email' as const }
const now = new Date('2025-03-01T00:00:00Z')

describe('unsubscribe tokens', () => {
  it('verify to exactly the patient, practice and channel they were signed for', () => {
    const token = signUnsubscribeToken(claims, key, now)
    expect(verifyUnsubscribeToken(token, key, now)).toEqual({ ok: true, claims })
  })

  it('refuse a payload changed to name another patient, even with the old signature', () => {
    const [, signature] = signUnsubscribeToken(claims, key, now).split('.')
    const forged = Buffer.from(JSON.stringify({ ...claims, patientId: 'patient-2', exp: 2_000_000_000 })).toString('base64url')
    expect(verifyUnsubscribeToken(`${forged}.${signature}`, key, now)).toEqual({ ok: false, reason: 'bad-signature' })
  })

  it('refuse a token signed with another key, a flipped signature character and malformed input', () => {
    const token = signUnsubscribeToken(claims, key, now)
    expect(verifyUnsubscribeToken(token, 'another-key', now).ok).toBe(false)
    const last = token.at(-1) === 'A' ? 'B' : 'A'
    expect(verifyUnsubscribeToken(token.slice(0, -1) + last, key, now).ok).toBe(false)
    for (const bad of ['', 'abc', 'a.b.c', '.sig', `${token}.`]) {
      expect(verifyUnsubscribeToken(bad, key, now).ok, bad).toBe(false)
    }
  })

  it('expire after a year, to the second', () => {
    const token = signUnsubscribeToken(claims, key, now)
    const year = 365 * 24 * 3600 * 1000
    expect(verifyUnsubscribeToken(token, key, new Date(now.getTime() + year - 1000)).ok).toBe(true)
    expect(verifyUnsubscribeToken(token, key, new Date(now.getTime() + year))).toEqual({ ok: false, reason: 'expired' })
  })

  it('cannot be made without a key', () => {
    expect(() => signUnsubscribeToken(claims, '', now)).toThrow()
    expect(verifyUnsubscribeToken(signUnsubscribeToken(claims, key, now), '', now).ok).toBe(false)
  })
})
