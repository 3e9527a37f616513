import { describe, expect, it } from 'vitest'
import { PRESENCE_STALE_MS } from '../../functions/src/domain/visit'
import { isPolite, peerPresence } from '../../web/src/media/webrtc/meshPresence'
import {
  connectionId,
  inSendOrder,
  parseEnvelope,
  signalVerdict,
  type PeerBinding,
  type ReceivedSignal,
  type SignalType,
} from '../../web/src/media/webrtc/signalEnvelope'
import { bestQuality, linkQualityFromStats, type RtcStat } from '../../web/src/media/webrtc/statsQuality'

/** A signal from peer "bob" (session `session`, connection n), as read from Firestore. */
function signal(
  type: SignalType,
  { session = 'bob1', n = 1, to = null as string | null, seq = 1, at = 1_000 as number | null } = {},
): ReceivedSignal {
  return {
    id: `${session}-${seq}`,
    from: 'bob',
    type,
    envelope: { session, connection: connectionId(session, n), toConnection: to, seq, data: null },
    createdAtMs: at,
  }
}

const ours = connectionId('alice1', 1)
const unbound: PeerBinding = { localConnection: ours, remoteConnection: null, boundAtMs: null }
const boundTo = (session: string, n = 1, boundAtMs = 1_000): PeerBinding => ({
  localConnection: ours,
  remoteConnection: connectionId(session, n),
  boundAtMs,
})

describe('signal verdicts: a peer we have no connection to', () => {
  it('creates a connection for an offer that addresses no connection of ours yet', () => {
    expect(signalVerdict(signal('offer'), null)).toBe('create')
  })

  it('drops an offer addressed to a connection of an earlier page of ours (a leftover)', () => {
    expect(signalVerdict(signal('offer', { to: connectionId('alice0', 3) }), null)).toBe('drop')
  })

  it('drops answers, candidates and byes: they continue a conversation we are not in', () => {
    for (const type of ['answer', 'candidate', 'bye'] as const) expect(signalVerdict(signal(type, { to: ours }), null)).toBe('drop')
  })
})

describe('signal verdicts: our connection, before the peer has spoken', () => {
  it('pairs with the peer’s connection on its offer (both offered at once) or its answer to ours', () => {
    expect(signalVerdict(signal('offer'), unbound)).toBe('bind')
    expect(signalVerdict(signal('answer', { to: ours }), unbound)).toBe('bind')
  })

  it('pairs on a bye that names our connection, so the peer can be closed', () => {
    expect(signalVerdict(signal('bye', { to: ours }), unbound)).toBe('bind')
  })

  it('drops a candidate that arrives before anything pairs us', () => {
    expect(signalVerdict(signal('candidate'), unbound)).toBe('drop')
  })

  it('drops anything addressed to another connection of ours', () => {
    expect(signalVerdict(signal('answer', { to: connectionId('alice1', 0) }), unbound)).toBe('drop')
  })
})

describe('signal verdicts: our connection, paired', () => {
  it('handles everything from the paired connection, addressed to us or not yet', () => {
    for (const type of ['offer', 'answer', 'candidate', 'bye'] as const) {
      expect(signalVerdict(signal(type, { to: ours }), boundTo('bob1'))).toBe('handle')
    }
    expect(signalVerdict(signal('candidate'), boundTo('bob1'))).toBe('handle')
  })

  it('replaces our connection on an offer from the peer’s next page (it reloaded or rejoined)', () => {
    expect(signalVerdict(signal('offer', { session: 'bob2', at: 5_000 }), boundTo('bob1', 1, 1_000))).toBe('replace')
  })

  it('replaces on an offer from a newer connection of the same page', () => {
    expect(signalVerdict(signal('offer', { n: 2, at: 500 }), boundTo('bob1', 1, 1_000))).toBe('replace')
  })

  it('drops an offer left over from the peer’s earlier page, or from an older connection of this one', () => {
    expect(signalVerdict(signal('offer', { session: 'bob0', at: 900 }), boundTo('bob1', 1, 1_000))).toBe('drop')
    expect(signalVerdict(signal('offer', { n: 1, at: 9_000 }), boundTo('bob1', 2, 1_000))).toBe('drop')
  })

  it('drops answers, candidates and byes of a connection we no longer talk to', () => {
    for (const type of ['answer', 'candidate', 'bye'] as const) {
      expect(signalVerdict(signal(type, { session: 'bob2', at: 5_000 }), boundTo('bob1'))).toBe('drop')
    }
  })

  it('drops even the paired peer’s signals when they address an earlier connection of ours', () => {
    expect(signalVerdict(signal('candidate', { to: connectionId('alice0', 1) }), boundTo('bob1'))).toBe('drop')
  })
})

describe('signal envelopes and order', () => {
  it('parses what we send and refuses anything else', () => {
    const envelope = { session: 's', connection: 's:1', toConnection: null, seq: 3, data: { type: 'offer', sdp: 'v=0' } }
    expect(parseEnvelope(JSON.stringify(envelope))).toEqual(envelope)
    expect(parseEnvelope('{"type":"offer","sdp":"v=0"}')).toBeNull()
    expect(parseEnvelope('not json')).toBeNull()
    expect(parseEnvelope(JSON.stringify({ ...envelope, seq: '3' }))).toBeNull()
    expect(parseEnvelope(JSON.stringify({ ...envelope, toConnection: '' }))).toBeNull()
  })

  it('carries candidates in batches, and a bye with no data', () => {
    const candidates = { candidates: [{ candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 }] }
    const envelope = { session: 's', connection: 's:1', toConnection: 'r:1', seq: 4, data: candidates }
    expect(parseEnvelope(JSON.stringify(envelope))).toEqual(envelope)
    expect(parseEnvelope(JSON.stringify({ ...envelope, data: null }))).toEqual({ ...envelope, data: null })
    expect(parseEnvelope(JSON.stringify({ ...envelope, data: { candidates: [{ sdpMid: '0' }] } }))).toBeNull()
    expect(parseEnvelope(JSON.stringify({ ...envelope, data: { type: 'rollback', sdp: '' } }))).toBeNull()
  })

  it('puts a batch back in send order: a session by its sequence, sessions by server time', () => {
    const batch = [
      signal('candidate', { session: 'bob2', seq: 2, at: 5_000 }),
      signal('candidate', { session: 'bob1', seq: 9, at: 1_000 }),
      signal('offer', { session: 'bob2', seq: 1, at: 5_000 }),
      signal('offer', { session: 'bob1', seq: 8, at: 1_000 }),
    ]
    expect(inSendOrder(batch).map((s) => s.id)).toEqual(['bob1-8', 'bob1-9', 'bob2-1', 'bob2-2'])
  })
})

describe('mesh presence', () => {
  const now = 100_000
  it('connects to participants in the visit whose heartbeat is fresh (or still pending)', () => {
    expect(peerPresence({ id: 'p', state: 'in-visit', lastSeenMs: now - PRESENCE_STALE_MS + 1 }, now)).toBe('active')
    expect(peerPresence({ id: 'p', state: 'in-visit', lastSeenMs: null }, now)).toBe('active')
  })

  it('calls a heartbeat PRESENCE_STALE_MS old stale', () => {
    expect(peerPresence({ id: 'p', state: 'in-visit', lastSeenMs: now - PRESENCE_STALE_MS }, now)).toBe('stale')
  })

  it('tells the waiting room (or no presence) from having left', () => {
    expect(peerPresence({ id: 'p', state: 'waiting', lastSeenMs: now }, now)).toBe('waiting')
    expect(peerPresence(undefined, now)).toBe('waiting')
    expect(peerPresence({ id: 'p', state: 'left', lastSeenMs: now }, now)).toBe('left')
  })

  it('makes exactly one side of each pair polite', () => {
    expect(isPolite('patient-abc', 'Xq9practitioner')).not.toBe(isPolite('Xq9practitioner', 'patient-abc'))
  })
})

describe('network quality from WebRTC statistics', () => {
  const pair = (rttSeconds: number): RtcStat[] => [
    { type: 'transport', id: 'T1', selectedCandidatePairId: 'CP1' },
    { type: 'candidate-pair', id: 'CP0', currentRoundTripTime: 5 },
    { type: 'candidate-pair', id: 'CP1', currentRoundTripTime: rttSeconds },
  ]
  const inbound = (packetsReceived: number, packetsLost: number): RtcStat => ({ type: 'inbound-rtp', packetsReceived, packetsLost })

  it('is unknown before a candidate pair is selected and without media', () => {
    expect(linkQualityFromStats([], null)).toMatchObject({ uplink: 0, downlink: 0 })
  })

  it('reads the selected candidate pair’s round trip for both directions', () => {
    expect(linkQualityFromStats(pair(0.05), null)).toMatchObject({ uplink: 1, downlink: 1 })
    expect(linkQualityFromStats(pair(0.3), null)).toMatchObject({ uplink: 3, downlink: 3 })
  })

  it('reads uplink loss from what the peer reports back (remote-inbound-rtp fractionLost)', () => {
    const stats = [...pair(0.02), { type: 'remote-inbound-rtp', fractionLost: 0.1 }, { type: 'remote-inbound-rtp', fractionLost: 0.01 }]
    expect(linkQualityFromStats(stats, null)).toMatchObject({ uplink: 4, downlink: 1 })
  })

  it('reads downlink loss from the packets lost since the last sample, not over the whole call', () => {
    const first = linkQualityFromStats([...pair(0.02), inbound(10_000, 2_000)], null)
    expect(first.downlink).toBe(1) // no previous sample: no verdict on loss yet
    const second = linkQualityFromStats([...pair(0.02), inbound(10_900, 2_100)], first.counters)
    expect(second.downlink).toBe(4) // 100 lost of 1000 in the last interval: 10 %
    const third = linkQualityFromStats([...pair(0.02), inbound(11_900, 2_100)], second.counters)
    expect(third.downlink).toBe(1)
  })

  it('gives no loss verdict when the counters went backwards (a stream was replaced)', () => {
    const quality = linkQualityFromStats([...pair(0.02), inbound(10, 0)], { packetsLost: 500, packetsReceived: 9_000 })
    expect(quality.downlink).toBe(1)
  })

  it('falls back to the flagged candidate pair where there is no transport entry (Firefox)', () => {
    const stats: RtcStat[] = [{ type: 'candidate-pair', id: 'CP', selected: true, currentRoundTripTime: 0.7 }]
    expect(linkQualityFromStats(stats, null)).toMatchObject({ uplink: 5, downlink: 5 })
  })

  it('reports the best link across peers, and unknown only when nothing is known', () => {
    expect(bestQuality([4, 1, 0])).toBe(1)
    expect(bestQuality([0, 0])).toBe(0)
    expect(bestQuality([])).toBe(0)
  })
})
