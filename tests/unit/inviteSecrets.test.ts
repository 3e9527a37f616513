import { describe, expect, it } from 'vitest'
import { accessCodeMatches, deriveInviteSecrets, hashAccessCode, inviteIdForToken, newInviteNonce } from '../../functions/src/invites/inviteSecrets'

const key = 'unit-test-key'

describe('invite secrets', () => {
  it('derives 128-bit link tokens and 6-digit codes, different for every nonce', () => {
    const tokens = new Set<string>()
    for (let i = 0; i < 300; i++) {
      const { token, code } = deriveInviteSecrets(key, newInviteNonce())
      expect(Buffer.from(token, 'base64url')).toHaveLength(16)
      expect(code).toMatch(/^\d{6}$/)
      tokens.add(token)
    }
    expect(tokens.size).toBe(300)
  })

  it('gives the same link and code again for the same nonce, and different ones under another key', () => {
    const nonce = newInviteNonce()
    expect(deriveInviteSecrets(key, nonce)).toEqual(deriveInviteSecrets(key, nonce))
    expect(deriveInviteSecrets('another-key', nonce).token).not.toBe(deriveInviteSecrets(key, nonce).token)
    expect(() => deriveInviteSecrets('', nonce)).toThrow('INVITE_KEY')
  })

  it('makes nonces with 128 bits of randomness', () => {
    expect(Buffer.from(newInviteNonce(), 'base64url')).toHaveLength(16)
  })

  it('stores neither the token nor the code in the clear', () => {
    const { token, code } = deriveInviteSecrets(key, newInviteNonce())
    const id = inviteIdForToken(token)
    expect(id).toMatch(/^[0-9a-f]{64}$/)
    expect(id).not.toContain(token)
    expect(hashAccessCode(code)).not.toContain(code)
  })

  it('accepts the right code and rejects others, with a fresh salt per hash', () => {
    const hash = hashAccessCode('123456')
    expect(accessCodeMatches('123456', hash)).toBe(true)
    expect(accessCodeMatches('123457', hash)).toBe(false)
    expect(accessCodeMatches('123456', 'garbage')).toBe(false)
    expect(hashAccessCode('123456')).not.toBe(hash)
  })
})
