/**
 * The production phone line on Twilio's Voice SDK (@twilio/voice-sdk). This module is imported lazily by
 * createPhoneLine.ts, so the SDK is only downloaded when a member opens the call window on a real Twilio line, and
 * the Device is created inside `connect()`, which the call window runs on the Call click: browsers refuse to start
 * audio before a user gesture.
 */
import { Device, type Call, type TwilioError } from '@twilio/voice-sdk'
import { TypedEvents } from '@/lib/TypedEvents'
import { END_MESSAGES, endReasonForTwilioError } from '../phoneMessages'
import {
  TOKEN_RENEW_MARGIN_SECONDS,
  type PhoneCallState,
  type PhoneConnectParams,
  type PhoneEndReason,
  type PhoneLine,
  type PhoneLineEvents,
  type PhoneLineOptions,
} from '../PhoneLine'

/** The slice of the Voice SDK this line uses, so unit tests can stand a fake in for it. */
export interface VoiceSdk {
  Device: new (token: string, options?: ConstructorParameters<typeof Device>[1]) => Device
}

export class TwilioPhoneLine implements PhoneLine {
  readonly kind = 'twilio' as const
  state: PhoneCallState = 'idle'
  callSid: string | null = null
  private readonly events = new TypedEvents<PhoneLineEvents>('phone line')
  private device: Device | null = null
  private call: Call | null = null
  private renewTimer: ReturnType<typeof setTimeout> | null = null
  private ended = false

  constructor(
    private readonly options: PhoneLineOptions,
    private readonly sdk: VoiceSdk = { Device },
  ) {}

  on<K extends keyof PhoneLineEvents>(event: K, handler: (payload: PhoneLineEvents[K]) => void): () => void {
    return this.events.on(event, handler)
  }

  async connect(params: PhoneConnectParams): Promise<void> {
    this.device ??= this.createDevice()
    this.setState('connecting')
    try {
      const call = await this.device.connect({ params: { ...params } as Record<string, string> })
      this.call = call
      call.on('ringing', () => this.setState('ringing'))
      call.on('accept', () => {
        this.callSid = call.parameters.CallSid ?? null
        // The browser leg is answered by the webhook's TwiML at once; the callee rings inside the conference.
        this.setState('ringing')
      })
      call.on('disconnect', () => this.end('completed'))
      call.on('cancel', () => this.end('canceled'))
      call.on('reject', () => this.end('busy'))
      call.on('error', (error: TwilioError.TwilioError) => this.end(endReasonForTwilioError(error.code)))
      call.on('warning', (warning: string) => this.events.emit('quality', { warning, active: true }))
      call.on('warning-cleared', (warning: string) => this.events.emit('quality', { warning, active: false }))
    } catch (error) {
      this.end(endReasonForTwilioError((error as { code?: number }).code))
    }
  }

  /** The callee answered (the call window learns this from the call log, which the status callbacks write). */
  markAnswered(): void {
    if (this.state === 'ringing' || this.state === 'connecting') this.setState('in-progress')
  }

  async hold(): Promise<void> {
    if (this.callSid) await this.options.setHold(this.callSid, true)
  }

  async resume(): Promise<void> {
    if (this.callSid) await this.options.setHold(this.callSid, false)
  }

  setMuted(muted: boolean): void {
    this.call?.mute(muted)
  }

  hangUp(): void {
    if (this.call) this.call.disconnect()
    else this.end('canceled')
  }

  async devices() {
    const audio = this.device?.audio
    if (!audio) return { inputs: [], outputs: [] }
    return { inputs: [...audio.availableInputDevices.values()], outputs: [...audio.availableOutputDevices.values()] }
  }

  async setInputDevice(deviceId: string): Promise<void> {
    await this.device?.audio?.setInputDevice(deviceId)
  }

  async setOutputDevice(deviceId: string): Promise<void> {
    await this.device?.audio?.speakerDevices.set(deviceId)
  }

  destroy(): void {
    if (this.renewTimer) clearTimeout(this.renewTimer)
    this.renewTimer = null
    this.call?.disconnect()
    this.device?.destroy()
    this.device = null
    this.events.clear()
  }

  private createDevice(): Device {
    const device = new this.sdk.Device(this.options.access.token, {
      // Opus first, PCMU as the fallback every carrier speaks.
      codecPreferences: ['opus', 'pcmu'] as never,
      closeProtection: 'A call is in progress. Leaving this page will end it.',
      tokenRefreshMs: TOKEN_RENEW_MARGIN_SECONDS * 1000,
    })
    device.on('tokenWillExpire', () => void this.renew(device))
    device.on('error', (error: TwilioError.TwilioError) => {
      if (this.state !== 'idle' && this.state !== 'ended') this.end(endReasonForTwilioError(error.code))
    })
    this.scheduleRenewal(device, this.options.access.ttlSeconds)
    return device
  }

  /** Its own timer as well as `tokenWillExpire`: a backgrounded tab may miss the SDK's event. */
  private scheduleRenewal(device: Device, ttlSeconds: number) {
    if (this.renewTimer) clearTimeout(this.renewTimer)
    const delay = Math.max(5, ttlSeconds - TOKEN_RENEW_MARGIN_SECONDS) * 1000
    this.renewTimer = setTimeout(() => void this.renew(device), delay)
  }

  private async renew(device: Device) {
    try {
      const access = await this.options.renewAccess()
      device.updateToken(access.token)
      this.scheduleRenewal(device, access.ttlSeconds)
    } catch {
      // No new token (no credit, number removed): the current call goes on until the old token lapses.
    }
  }

  private setState(state: PhoneCallState) {
    if (this.ended) return
    this.state = state
    this.events.emit('state', { state, callSid: this.callSid })
  }

  private end(reason: PhoneEndReason) {
    if (this.ended) return
    this.setState('ended')
    this.ended = true
    this.events.emit('ended', { reason, message: END_MESSAGES[reason] })
  }
}
