import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { MIN_CREDITS_TO_CALL } from '../domain/callCharge'
import type { PhoneAccess } from '../domain/phoneNumbers'
import { TWILIO_ACCOUNT_SID, TWILIO_API_BASE_URL, TWILIO_API_KEY_SECRET, TWILIO_API_KEY_SID, TWILIO_TWIML_APP_SID } from '../lib/config'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { requireRole } from '../lib/authorize'
import { readBalance } from './chargeCall'
import { numbersFor } from './phoneStore'
import { PhoneAccessInput } from './validation'
import { mintVoiceToken, VOICE_TOKEN_TTL_SECONDS } from './voiceToken'

/**
 * A Twilio Voice access token for the caller, only for members allowed at least one of the practice's numbers and
 * only while the practice has credit for the first minute. Called when the call window opens and again to renew.
 */
export const getPhoneAccess = onCall({ secrets: [TWILIO_API_KEY_SECRET] }, async (request): Promise<PhoneAccess> => {
  const { practiceId } = parseInput(PhoneAccessInput, request.data)
  const caller = await requireRole(request, practiceId, ['owner', 'practitioner', 'staff'])
  const numbers = await numbersFor(practiceId, caller.uid)
  if (numbers.length === 0) throw new HttpsError('failed-precondition', 'You have no practice phone number to call from. Ask an owner to add you to one.')
  if ((await readBalance(practiceId)) < MIN_CREDITS_TO_CALL) {
    throw new HttpsError('failed-precondition', 'The practice has too few credits to place a call. An owner can buy more under Billing.')
  }
  const token = mintVoiceToken(
    {
      accountSid: TWILIO_ACCOUNT_SID.value(),
      apiKeySid: TWILIO_API_KEY_SID.value(),
      apiKeySecret: TWILIO_API_KEY_SECRET.value(),
      twimlAppSid: TWILIO_TWIML_APP_SID.value(),
    },
    caller.uid,
  )
  const developmentUrl = TWILIO_API_BASE_URL.value() || null
  logs.phoneAccessGranted(practiceId, caller.uid)
  return { token, identity: caller.uid, ttlSeconds: VOICE_TOKEN_TTL_SECONDS, numbers, line: developmentUrl ? 'development' : 'twilio', developmentUrl }
})
