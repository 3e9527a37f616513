import jwt from 'jsonwebtoken'
import { describe, expect, it } from 'vitest'
import { mintVoiceToken, VOICE_TOKEN_TTL_SECONDS } from '../../functions/src/phone/voiceToken'

const settings = {
  accountSid: 'AC11111111111111111111111111111111',
  apiKeySid: 'SK22222222222222222222222222222222',
  apiKeySecret: 'api-key-secret-for-tests',
  twimlAppSid: 'AP33333333333333333333333333333333',
}

interface VoiceClaims {
  iss: string
  sub: string
  exp: number
  nbf?: number
  iat?: number
  grants: { identity: string; voice: { outgoing: { application_sid: string }; incoming?: { allow: boolean } } }
}

describe('Voice access tokens', () => {
  it('grants outgoing calls through the TwiML App only, as the member, signed with the API key', () => {
    const token = mintVoiceToken(settings, 'member-uid-1')
    const claims = jwt.verify(token, settings.apiKeySecret, { algorithms: ['HS256'] }) as VoiceClaims
    expect(claims.iss).toBe(settings.apiKeySid)
    expect(claims.sub).toBe(settings.accountSid)
    expect(claims.grants.identity).toBe('member-uid-1')
    expect(claims.grants.voice.outgoing.application_sid).toBe(settings.twimlAppSid)
    expect(claims.grants.voice.incoming?.allow ?? false).toBe(false)
  })

  it('lives a short time', () => {
    const token = mintVoiceToken(settings, 'member-uid-1')
    const { exp } = jwt.decode(token) as VoiceClaims
    const ttl = exp - Math.floor(Date.now() / 1000)
    expect(ttl).toBeGreaterThan(VOICE_TOKEN_TTL_SECONDS - 60)
    expect(ttl).toBeLessThanOrEqual(VOICE_TOKEN_TTL_SECONDS)
    expect(VOICE_TOKEN_TTL_SECONDS).toBeLessThanOrEqual(3600)
  })

  it('is refused by a verifier holding another secret', () => {
    const token = mintVoiceToken(settings, 'member-uid-1')
    expect(() => jwt.verify(token, 'another-secret', { algorithms: ['HS256'] })).toThrow()
  })
})
