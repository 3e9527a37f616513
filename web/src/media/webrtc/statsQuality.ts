/**
 * Network quality from one peer connection's WebRTC statistics, on Agora's 0–6 scale (through qualityFromStats),
 * so the development backend reports like the production one. Pure: it reads plain stats objects.
 *
 * Uplink: what the peer reports back about our media (remote-inbound-rtp `fractionLost`). Downlink: the loss on
 * what we receive (inbound-rtp `packetsLost` against `packetsReceived`, as a difference since the last sample,
 * because the counters add up over the whole call). Both share the round trip of the selected candidate pair.
 */
import { qualityFromStats, type NetworkQuality } from '@domain/connectionStrength'

/** One entry of an RTCStatsReport; only the fields we read are named. */
export interface RtcStat {
  type: string
  id?: string
  [field: string]: unknown
}

export interface ReceiveCounters {
  packetsLost: number
  packetsReceived: number
}

export interface LinkQuality {
  uplink: NetworkQuality
  downlink: NetworkQuality
  /** Pass these to the next call, about 2 s later. */
  counters: ReceiveCounters
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null)

/** Quality of one peer connection from its `getStats()` entries and the counters of the previous sample. */
export function linkQualityFromStats(stats: Iterable<RtcStat>, previous: ReceiveCounters | null): LinkQuality {
  const entries = [...stats]
  const rttMs = selectedPairRttMs(entries)

  let uplinkLoss: number | null = null
  let uplinkRttMs: number | null = null
  const counters: ReceiveCounters = { packetsLost: 0, packetsReceived: 0 }
  for (const stat of entries) {
    if (stat.type === 'remote-inbound-rtp') {
      const fraction = num(stat.fractionLost)
      if (fraction !== null) uplinkLoss = Math.max(uplinkLoss ?? 0, fraction * 100)
      const rtt = num(stat.roundTripTime)
      if (rtt !== null) uplinkRttMs = Math.max(uplinkRttMs ?? 0, rtt * 1000)
    } else if (stat.type === 'inbound-rtp') {
      counters.packetsLost += Math.max(0, num(stat.packetsLost) ?? 0)
      counters.packetsReceived += num(stat.packetsReceived) ?? 0
    }
  }

  let downlinkLoss: number | null = null
  if (previous) {
    const lost = counters.packetsLost - previous.packetsLost
    const received = counters.packetsReceived - previous.packetsReceived
    // Negative: a stream ended or was replaced and its counters went with it; no verdict this time.
    if (lost >= 0 && received >= 0 && lost + received > 0) downlinkLoss = (lost / (lost + received)) * 100
  }

  return {
    uplink: qualityFromStats({ rttMs: rttMs ?? uplinkRttMs, packetLossPercent: uplinkLoss }),
    downlink: qualityFromStats({ rttMs: rttMs ?? uplinkRttMs, packetLossPercent: downlinkLoss }),
    counters,
  }
}

/** The current round trip (ms) of the candidate pair in use, or null before one is selected. */
function selectedPairRttMs(entries: RtcStat[]): number | null {
  const selectedId = entries.find((stat) => stat.type === 'transport')?.selectedCandidatePairId
  const pairs = entries.filter((stat) => stat.type === 'candidate-pair')
  const pair =
    (typeof selectedId === 'string' ? pairs.find((stat) => stat.id === selectedId) : undefined) ??
    // Firefox has no transport entry: it flags the pair itself.
    pairs.find((stat) => stat.selected === true || (stat.nominated === true && stat.state === 'succeeded'))
  const rtt = num(pair?.currentRoundTripTime)
  return rtt === null ? null : rtt * 1000
}

/**
 * The local side's quality across all peer connections: the best of them. A participant on a bad network sees
 * every link suffer, while one with a good network sees only the links to the bad one suffer; taking the best
 * link puts the blame where the problem is. Unknown (0) counts only when nothing is known.
 */
export function bestQuality(values: NetworkQuality[]): NetworkQuality {
  const known = values.filter((value) => value !== 0)
  return known.length === 0 ? 0 : (Math.min(...known) as NetworkQuality)
}
