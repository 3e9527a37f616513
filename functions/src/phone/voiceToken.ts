import twilio from 'twilio'

/** Access tokens live this long; the browser renews them on `tokenWillExpire` and on its own timer before that. */
export const VOICE_TOKEN_TTL_SECONDS = 600

export interface VoiceTokenSettings {
  accountSid: string
  apiKeySid: string
  apiKeySecret: string
  twimlAppSid: string
}

/**
 * A Twilio Voice access token for one member: outgoing calls through the TwiML App only (no incoming calls, so
 * nobody can ring the browser), identity = the member's uid, so the voice webhook knows who is calling.
 */
export function mintVoiceToken(settings: VoiceTokenSettings, identity: string, ttlSeconds = VOICE_TOKEN_TTL_SECONDS): string {
  const token = new twilio.jwt.AccessToken(settings.accountSid, settings.apiKeySid, settings.apiKeySecret, {
    identity,
    ttl: ttlSeconds,
  })
  token.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ outgoingApplicationSid: settings.twimlAppSid, incomingAllow: false }))
  return token.toJwt()
}
