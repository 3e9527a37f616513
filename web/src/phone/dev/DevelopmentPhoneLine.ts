/**
 * The development phone line: the same PhoneLine against the local Twilio (tests/support/fakeTwilio.ts), because
 * Twilio's Voice SDK talks only to Twilio's cloud. It hands the access token and params to the stand-in's connect
 * (which calls the real voice webhook, signed, as Twilio would), then follows the call's state by polling. No audio
 * flows: the call window shows a "development phone" badge, and the simulated callee is steered at
 * `${developmentUrl}/__voice`.
 */
import { TypedEvents } from '@/lib/TypedEvents'
import { END_MESSAGES } from '../phoneMessages'
import type { PhoneCallState, PhoneConnectParams, PhoneEndReason, PhoneLine, PhoneLineEvents, PhoneLineOptions } from '../PhoneLine'

interface StandInCall {
  callSid: string
  state: 'connecting' | 'ringing' | 'in-progress' | 'ended'
  endReason: string | null
  message: string | null
}

const POLL_MS = 250
const END_REASONS: readonly string[] = ['completed', 'busy', 'no-answer', 'failed', 'canceled', 'refused']

export class DevelopmentPhoneLine implements PhoneLine {
  readonly kind = 'development' as const
  state: PhoneCallState = 'idle'
  callSid: string | null = null
  private readonly events = new TypedEvents<PhoneLineEvents>('phone line')
  private readonly baseUrl: string
  private timer: ReturnType<typeof setTimeout> | null = null
  private ended = false
  private destroyed = false

  constructor(private readonly options: PhoneLineOptions) {
    this.baseUrl = options.access.developmentUrl ?? ''
  }

  on<K extends keyof PhoneLineEvents>(event: K, handler: (payload: PhoneLineEvents[K]) => void): () => void {
    return this.events.on(event, handler)
  }

  async connect(params: PhoneConnectParams): Promise<void> {
    this.setState('connecting')
    try {
      const response = await fetch(`${this.baseUrl}/__voice/connect`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: this.options.access.token, params }),
      })
      if (response.status === 401) return this.end('token')
      if (!response.ok) return this.end('signalling')
      this.apply((await response.json()) as StandInCall)
      this.poll()
    } catch {
      this.end('signalling')
    }
  }

  async hold(): Promise<void> {
    if (this.callSid) await this.options.setHold(this.callSid, true)
  }

  async resume(): Promise<void> {
    if (this.callSid) await this.options.setHold(this.callSid, false)
  }

  // Nothing is sent on the development line, so muting is the window's own state.
  setMuted(): void {}

  hangUp(): void {
    if (!this.callSid) return this.end('canceled')
    void fetch(`${this.baseUrl}/__voice/calls/${this.callSid}/hangup`, { method: 'POST' })
      .then(async (r) => this.apply((await r.json()) as StandInCall))
      .catch(() => this.end('completed'))
  }

  async devices() {
    const all = navigator.mediaDevices ? await navigator.mediaDevices.enumerateDevices() : []
    return { inputs: all.filter((d) => d.kind === 'audioinput'), outputs: all.filter((d) => d.kind === 'audiooutput') }
  }

  async setInputDevice(): Promise<void> {}

  async setOutputDevice(): Promise<void> {}

  destroy(): void {
    this.destroyed = true
    if (this.timer) clearTimeout(this.timer)
    this.events.clear()
  }

  private poll() {
    if (this.destroyed || this.ended || !this.callSid) return
    this.timer = setTimeout(async () => {
      try {
        const response = await fetch(`${this.baseUrl}/__voice/calls/${this.callSid}`)
        if (response.ok) this.apply((await response.json()) as StandInCall)
      } catch {
        // A missed poll is retried on the next tick.
      }
      this.poll()
    }, POLL_MS)
  }

  private apply(call: StandInCall) {
    this.callSid = call.callSid
    if (call.state === 'ended') {
      const reason = (END_REASONS.includes(call.endReason ?? '') ? call.endReason : 'failed') as PhoneEndReason
      return this.end(reason, call.message)
    }
    if (call.state !== this.state) this.setState(call.state)
  }

  private setState(state: PhoneCallState) {
    if (this.ended) return
    this.state = state
    this.events.emit('state', { state, callSid: this.callSid })
  }

  private end(reason: PhoneEndReason, message?: string | null) {
    if (this.ended) return
    this.setState('ended')
    this.ended = true
    if (this.timer) clearTimeout(this.timer)
    this.events.emit('ended', { reason, message: message || END_MESSAGES[reason] })
  }
}
