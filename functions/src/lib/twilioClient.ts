import twilio from 'twilio'
import type RequestClient from 'twilio/lib/base/RequestClient'
import { TWILIO_ACCOUNT_SID, TWILIO_API_BASE_URL, TWILIO_AUTH_TOKEN } from './config'

/**
 * The one place a Twilio client is made. With TWILIO_API_BASE_URL set (emulators, tests) every request the SDK makes
 * goes to that base URL instead of https://*.twilio.com, through the SDK's own `httpClient` hook, so the rest of the
 * SDK (auth, form encoding, error parsing) is exercised unchanged. In production the param is empty and the SDK
 * talks to Twilio.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super()
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const original = new URL(opts.uri)
    const uri = new URL(`${original.pathname}${original.search}`, this.baseUrl).toString()
    return super.request<TData>({ ...opts, uri })
  }
}

export interface TwilioSettings {
  accountSid: string
  authToken: string
  /** '' for the real Twilio API. */
  apiBaseUrl: string
}

export function twilioSettingsFromParams(): TwilioSettings {
  return { accountSid: TWILIO_ACCOUNT_SID.value(), authToken: TWILIO_AUTH_TOKEN.value(), apiBaseUrl: TWILIO_API_BASE_URL.value() }
}

export function twilioClient(settings: TwilioSettings = twilioSettingsFromParams()): twilio.Twilio {
  const base = settings.apiBaseUrl.trim()
  return twilio(settings.accountSid, settings.authToken, base ? { httpClient: new RebasedRequestClient(base) } : {})
}

/** An SMS to send; `from` is an E.164 number or a messaging service SID (MG…). */
export interface SmsMessage {
  to: string
  from: string
  body: string
}

/** Sends SMS. Rejects with an Error whose message is the provider's explanation (shown as the reminder's reason). */
export interface SmsSender {
  sendSms(message: SmsMessage): Promise<{ providerId: string }>
}

/** An {@link SmsSender} over Twilio's Messaging API. */
export function twilioSmsSender(client?: twilio.Twilio): SmsSender {
  // Made on first use, so a run that only sends email works without Twilio credentials.
  let made = client
  return {
    async sendSms({ to, from, body }) {
      made ??= twilioClient()
      const sender = from.startsWith('MG') ? { messagingServiceSid: from } : { from }
      const message = await made.messages.create({ to, body, ...sender })
      return { providerId: message.sid }
    },
  }
}
