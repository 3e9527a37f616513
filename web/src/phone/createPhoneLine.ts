/**
 * Picks the phone line for the access the server handed out. Each line is a dynamic import, so Twilio's Voice SDK
 * is only downloaded for a real Twilio line, and the development line weighs almost nothing.
 */
import type { PhoneLine, PhoneLineOptions } from './PhoneLine'

export async function createPhoneLine(options: PhoneLineOptions): Promise<PhoneLine> {
  if (options.access.line === 'twilio') {
    const { TwilioPhoneLine } = await import('./twilio/TwilioPhoneLine')
    return new TwilioPhoneLine(options)
  }
  const { DevelopmentPhoneLine } = await import('./dev/DevelopmentPhoneLine')
  return new DevelopmentPhoneLine(options)
}
