/**
 * The Twilio Voice SDK line, with the SDK mocked (unit tests only): a fake Device and Call that record what the
 * line does and let the test fire the SDK's events.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PhoneAccessGrant, PhoneLineEvents } from '../../web/src/phone/PhoneLine'

type Listener = (...args: unknown[]) => void

class Emitter {
  listeners = new Map<string, Listener[]>()
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
    return this
  }
  fire(event: string, ...args: unknown[]) {
    for (const l of this.listeners.get(event) ?? []) l(...args)
  }
}

class FakeCall extends Emitter {
  parameters: Record<string, string> = { CallSid: 'CA0123456789abcdef0123456789abcdef' }
  muted = false
  disconnected = false
  mute(value: boolean) {
    this.muted = value
  }
  disconnect() {
    this.disconnected = true
    this.fire('disconnect', this)
  }
}

const sdk = vi.hoisted(() => ({ devices: [] as unknown[], nextConnect: null as null | (() => Promise<unknown>) }))

class FakeDevice extends Emitter {
  token: string
  options: Record<string, unknown>
  connectedWith: unknown = null
  destroyed = false
  call = new FakeCall()
  audio = {
    availableInputDevices: new Map([['mic-1', { deviceId: 'mic-1', kind: 'audioinput', label: 'USB mic' }]]),
    availableOutputDevices: new Map([['spk-1', { deviceId: 'spk-1', kind: 'audiooutput', label: 'Headset' }]]),
    setInputDevice: vi.fn(async () => {}),
    speakerDevices: { set: vi.fn(async () => {}) },
  }
  constructor(token: string, options: Record<string, unknown>) {
    super()
    this.token = token
    this.options = options
    sdk.devices.push(this)
  }
  async connect(options: unknown) {
    this.connectedWith = options
    if (sdk.nextConnect) return sdk.nextConnect()
    return this.call
  }
  updateToken(token: string) {
    this.token = token
  }
  destroy() {
    this.destroyed = true
  }
}

vi.mock('@twilio/voice-sdk', () => ({ Device: FakeDevice }))

const { TwilioPhoneLine } = await import('../../web/src/phone/twilio/TwilioPhoneLine')

const access = (token = 'token-1', ttlSeconds = 600): PhoneAccessGrant => ({
  token,
  identity: 'uid-1',
  ttlSeconds,
  numbers: [{ e164: '+61291234567', label: 'Reception' }],
  line: 'twilio',
  developmentUrl: null,
})

const params = { practiceId: 'p1', fromNumber: '+61291234567', recipientKind: 'patient' as const, recipientId: 'pat-1', onBehalfOf: 'uid-2' }

function record(line: InstanceType<typeof TwilioPhoneLine>) {
  const events: { name: keyof PhoneLineEvents; payload: unknown }[] = []
  for (const name of ['state', 'ended', 'quality'] as const) line.on(name, (payload) => events.push({ name, payload }))
  return events
}

beforeEach(() => {
  sdk.devices.length = 0
  sdk.nextConnect = null
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('TwilioPhoneLine', () => {
  it('creates no Device until connect (the user gesture), then passes the params through to the webhook', async () => {
    const line = new TwilioPhoneLine({ access: access(), renewAccess: vi.fn(), setHold: vi.fn() })
    expect(sdk.devices).toHaveLength(0)
    await line.connect(params)
    const device = sdk.devices[0] as FakeDevice
    expect(device.token).toBe('token-1')
    expect(device.connectedWith).toEqual({ params })
    line.destroy()
  })

  it('rings once the browser leg is accepted, and reports the call SID', async () => {
    const line = new TwilioPhoneLine({ access: access(), renewAccess: vi.fn(), setHold: vi.fn() })
    const events = record(line)
    await line.connect(params)
    ;(sdk.devices[0] as FakeDevice).call.fire('accept')
    expect(line.state).toBe('ringing')
    expect(line.callSid).toBe('CA0123456789abcdef0123456789abcdef')
    expect(events.map((e) => e.name)).toEqual(['state', 'state'])
    line.destroy()
  })

  it('mutes through the SDK, holds through the server, and hangs up by disconnecting', async () => {
    const setHold = vi.fn(async () => {})
    const line = new TwilioPhoneLine({ access: access(), renewAccess: vi.fn(), setHold })
    const events = record(line)
    await line.connect(params)
    const call = (sdk.devices[0] as FakeDevice).call
    call.fire('accept')
    line.setMuted(true)
    expect(call.muted).toBe(true)
    await line.hold()
    await line.resume()
    expect(setHold.mock.calls).toEqual([
      ['CA0123456789abcdef0123456789abcdef', true],
      ['CA0123456789abcdef0123456789abcdef', false],
    ])
    line.hangUp()
    expect(call.disconnected).toBe(true)
    expect(events.at(-1)).toEqual({ name: 'ended', payload: { reason: 'completed', message: 'Call ended.' } })
    line.destroy()
  })

  it.each([
    [31401, 'microphone-blocked'],
    [31402, 'microphone-blocked'],
    [31486, 'busy'],
    [20101, 'token'],
    [20104, 'token'],
    [53000, 'signalling'],
    [53405, 'media'],
    [99999, 'failed'],
  ])('turns SDK error %i into %s with a plain message', async (code, reason) => {
    const line = new TwilioPhoneLine({ access: access(), renewAccess: vi.fn(), setHold: vi.fn() })
    const events = record(line)
    await line.connect(params)
    ;(sdk.devices[0] as FakeDevice).call.fire('error', { code })
    const ended = events.find((e) => e.name === 'ended')!.payload as { reason: string; message: string }
    expect(ended.reason).toBe(reason)
    expect(ended.message.length).toBeGreaterThan(10)
    line.destroy()
  })

  it('reports a blocked microphone when connect itself is refused', async () => {
    sdk.nextConnect = () => Promise.reject(Object.assign(new Error('denied'), { code: 31401 }))
    const line = new TwilioPhoneLine({ access: access(), renewAccess: vi.fn(), setHold: vi.fn() })
    const events = record(line)
    await line.connect(params)
    expect(events.at(-1)).toMatchObject({ name: 'ended', payload: { reason: 'microphone-blocked' } })
    line.destroy()
  })

  it('passes quality warnings on, and their clearing', async () => {
    const line = new TwilioPhoneLine({ access: access(), renewAccess: vi.fn(), setHold: vi.fn() })
    const events = record(line)
    await line.connect(params)
    const call = (sdk.devices[0] as FakeDevice).call
    call.fire('warning', 'high-packet-loss')
    call.fire('warning-cleared', 'high-packet-loss')
    expect(events.filter((e) => e.name === 'quality').map((e) => e.payload)).toEqual([
      { warning: 'high-packet-loss', active: true },
      { warning: 'high-packet-loss', active: false },
    ])
    line.destroy()
  })

  it('renews the token on tokenWillExpire and on its own timer before expiry', async () => {
    let n = 1
    const renewAccess = vi.fn(async () => access(`token-${++n}`, 600))
    const line = new TwilioPhoneLine({ access: access('token-1', 600), renewAccess, setHold: vi.fn() })
    await line.connect(params)
    const device = sdk.devices[0] as FakeDevice
    device.fire('tokenWillExpire')
    await vi.waitFor(() => expect(device.token).toBe('token-2'))
    // Its own timer: 60 s before the renewed token's 600 s run out.
    await vi.advanceTimersByTimeAsync(540_000)
    expect(device.token).toBe('token-3')
    expect(renewAccess).toHaveBeenCalledTimes(2)
    line.destroy()
    expect(device.destroyed).toBe(true)
  })

  it('lists and switches audio devices through the SDK', async () => {
    const line = new TwilioPhoneLine({ access: access(), renewAccess: vi.fn(), setHold: vi.fn() })
    await line.connect(params)
    const device = sdk.devices[0] as FakeDevice
    const found = await line.devices()
    expect(found.inputs.map((d) => d.deviceId)).toEqual(['mic-1'])
    expect(found.outputs.map((d) => d.deviceId)).toEqual(['spk-1'])
    await line.setInputDevice('mic-1')
    await line.setOutputDevice('spk-1')
    expect(device.audio.setInputDevice).toHaveBeenCalledWith('mic-1')
    expect(device.audio.speakerDevices.set).toHaveBeenCalledWith('spk-1')
    line.destroy()
  })
})
