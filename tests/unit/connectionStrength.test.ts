import { describe, expect, it } from 'vitest'
import {
  CONNECTION_STRENGTHS,
  CONNECTION_STRENGTH_LABELS,
  WEAK_CONNECTION_TIPS,
  connectionStrength,
  isWeak,
  qualityFromProbe,
  qualityFromStats,
  strengthColour,
  type ConnectionStrength,
  type NetworkQuality,
} from '../../functions/src/domain/connectionStrength'

type SessionReading = Parameters<typeof connectionStrength>[0]

describe('six-state connection strength', () => {
  // Each behaviour with the readings that show it: every reading must give the state named.
  it.each<[behaviour: string, readings: SessionReading[], expected: ConnectionStrength]>([
    ['reads the best quality (1, excellent) as Great', [{ state: 'connected', uplink: 1, downlink: 1 }], 'great'],
    [
      'reads quality 2 (good) as Good, and unknown (0) as Good until the first measurement',
      [{ state: 'connected', uplink: 2, downlink: 1 }, { state: 'connected', uplink: 0, downlink: 0 }, { state: 'connected' }],
      'good',
    ],
    ['reads quality 3 (poor on Agora’s scale) as Non-optimal', [{ state: 'connected', uplink: 1, downlink: 3 }], 'non-optimal'],
    ['reads qualities 4 and 5 as Poor', [{ state: 'connected', uplink: 4, downlink: 1 }, { state: 'connected', uplink: 1, downlink: 5 }], 'poor'],
    [
      'reads quality 6 (down) and a reconnecting session as Connection interrupted',
      [{ state: 'connected', uplink: 6, downlink: 1 }, { state: 'reconnecting', uplink: 1, downlink: 1 }],
      'interrupted',
    ],
    [
      'reads offline or disconnected as No connection, whatever the last quality was',
      [{ state: 'connected', uplink: 1, downlink: 1, online: false }, { state: 'reconnecting', online: false }, { state: 'disconnected', uplink: 1, downlink: 1 }],
      'none',
    ],
    ['takes the worse of uplink and downlink', [{ state: 'connected', uplink: 5, downlink: 1 }, { state: 'connected', uplink: 1, downlink: 5 }], 'poor'],
    ['shows Good while connecting, before any measurement', [{ state: 'connecting', uplink: 6, downlink: 6 }], 'good'],
  ])('%s', (_behaviour, readings, expected) => {
    for (const reading of readings) expect(connectionStrength(reading)).toBe(expected)
  })

  it('maps every quality 0–6 on a working connection to exactly one of the six states', () => {
    const byQuality = ([0, 1, 2, 3, 4, 5, 6] as NetworkQuality[]).map((q) =>
      connectionStrength({ state: 'connected', uplink: q, downlink: q }),
    )
    expect(byQuality).toEqual(['good', 'great', 'good', 'non-optimal', 'poor', 'poor', 'interrupted'])
  })
})

describe('colours, labels and tips', () => {
  it('colours Great and Good green, Non-optimal yellow, the rest red', () => {
    expect(CONNECTION_STRENGTHS.map((s) => [s, strengthColour(s)])).toEqual([
      ['great', 'green'],
      ['good', 'green'],
      ['non-optimal', 'yellow'],
      ['poor', 'red'],
      ['interrupted', 'red'],
      ['none', 'red'],
    ])
  })

  it('labels the six states as the screens show them', () => {
    expect(CONNECTION_STRENGTHS.map((s) => CONNECTION_STRENGTH_LABELS[s])).toEqual([
      'Great',
      'Good',
      'Non-optimal',
      'Poor',
      'Connection interrupted',
      'No connection',
    ])
  })

  it('shows the weak-connection tips for every state that is not green, and only for those', () => {
    expect(CONNECTION_STRENGTHS.filter(isWeak)).toEqual(['non-optimal', 'poor', 'interrupted', 'none'])
    expect(WEAK_CONNECTION_TIPS.length).toBeGreaterThan(0)
  })
})

describe('quality from WebRTC statistics', () => {
  const rtt = (rttMs: number) => qualityFromStats({ rttMs, packetLossPercent: 0 })
  const loss = (packetLossPercent: number) => qualityFromStats({ rttMs: 0, packetLossPercent })

  it('is unknown (0) with neither round trip nor loss', () => {
    expect(qualityFromStats({ rttMs: null, packetLossPercent: null })).toBe(0)
  })

  it('steps up at 100, 250, 400, 600 and 1000 ms of round trip (each threshold inclusive)', () => {
    expect([99, 100, 249, 250, 399, 400, 599, 600, 999, 1000].map(rtt)).toEqual([1, 2, 2, 3, 3, 4, 4, 5, 5, 6])
  })

  it('steps up at 1, 3, 8, 15 and 30 % packet loss (each threshold inclusive)', () => {
    expect([0.9, 1, 2.9, 3, 7.9, 8, 14.9, 15, 29.9, 30].map(loss)).toEqual([1, 2, 2, 3, 3, 4, 4, 5, 5, 6])
  })

  it('takes the worse of round trip and loss, and reads a missing one as perfect', () => {
    expect(qualityFromStats({ rttMs: 50, packetLossPercent: 16 })).toBe(5)
    expect(qualityFromStats({ rttMs: 700, packetLossPercent: 0.5 })).toBe(5)
    expect(qualityFromStats({ rttMs: null, packetLossPercent: 4 })).toBe(3)
    expect(qualityFromStats({ rttMs: 260, packetLossPercent: null })).toBe(3)
  })
})

describe('quality from the waiting-room probe', () => {
  it('uses the round trip alone when the browser gives no bandwidth estimate', () => {
    expect(qualityFromProbe({ rttMs: 80 })).toBe(1)
    expect(qualityFromProbe({ rttMs: 450, downlinkMbps: null })).toBe(4)
    expect(qualityFromProbe({ rttMs: null })).toBe(0)
  })

  it('steps the bandwidth estimate down at 5, 2, 1 and 0.5 Mbit/s; none at all is down', () => {
    const mbps = (downlinkMbps: number) => qualityFromProbe({ rttMs: 10, downlinkMbps })
    expect([5, 4.9, 2, 1.9, 1, 0.9, 0.5, 0.4, 0].map(mbps)).toEqual([1, 2, 2, 3, 3, 4, 4, 5, 6])
  })

  it('takes the worse of round trip and bandwidth', () => {
    expect(qualityFromProbe({ rttMs: 700, downlinkMbps: 10 })).toBe(5)
    expect(qualityFromProbe({ rttMs: 20, downlinkMbps: 0.7 })).toBe(4)
  })
})
