import { describe, expect, it } from 'vitest'
import { accessCodeMatches, hashAccessCode, inviteIdForToken, newInviteSecrets } from '../../functions/src/invites/inviteSecrets'

describe('invite secrets', () => {
  it('makes link tokens with 128 bits of randomness and 6-digit codes', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const { token, code } = newInviteSecrets()
      expect(Buffer.from(token, 'base64url')).toHaveLength(16)
      expect(code).toMatch(/^\d{6}$/)
      seen.add(token)
    }
    expect(seen.size).toBe(200)
  })

  it('stores neither the token nor the code in the clear', () => {
    const { token, code } = newInviteSecrets()
    const id = inviteIdForToken(token)
    const hash = hashAccessCode(code)
    expect(id).toMatch(/^[0-9a-f]{64}$/)
    expect(id).not.toContain(token)
    expect(hash).not.toContain(code)
  })

  it('accepts the right code and rejects others, with a fresh salt per hash', () => {
    const hash = hashAccessCode('123456')
    expect(accessCodeMatches('123456', hash)).toBe(true)
    expect(accessCodeMatches('123457', hash)).toBe(false)
    expect(accessCodeMatches('123456', 'garbage')).toBe(false)
    expect(hashAccessCode('123456')).not.toBe(hash)
  })
})
