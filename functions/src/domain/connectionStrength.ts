/**
 * Connection strength in six states, as the patient's and the practitioner's screens show it.
 *
 * Media providers report network quality on Agora's scale (0 unknown, 1 excellent … 5 very bad, 6 down); the
 * WebRTC implementation derives the same scale from its statistics, and the waiting room (not yet in the media
 * channel) from a probe. These functions turn that, plus the connection state, into one of six labels.
 */

/** Agora's network quality scale: 0 unknown, 1 excellent, 2 good, 3 poor, 4 bad, 5 very bad, 6 down. */
export type NetworkQuality = 0 | 1 | 2 | 3 | 4 | 5 | 6

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected'

export type ConnectionStrength = 'great' | 'good' | 'non-optimal' | 'poor' | 'interrupted' | 'none'

export const CONNECTION_STRENGTHS: readonly ConnectionStrength[] = ['great', 'good', 'non-optimal', 'poor', 'interrupted', 'none']

export const CONNECTION_STRENGTH_LABELS: Record<ConnectionStrength, string> = {
  great: 'Great',
  good: 'Good',
  'non-optimal': 'Non-optimal',
  poor: 'Poor',
  interrupted: 'Connection interrupted',
  none: 'No connection',
}

export type StrengthColour = 'green' | 'yellow' | 'red'

export function strengthColour(strength: ConnectionStrength): StrengthColour {
  if (strength === 'great' || strength === 'good') return 'green'
  if (strength === 'non-optimal') return 'yellow'
  return 'red'
}

/** Whether to show the tips for a weak connection. */
export function isWeak(strength: ConnectionStrength): boolean {
  return strengthColour(strength) !== 'green'
}

export const WEAK_CONNECTION_TIPS: readonly string[] = [
  'Move closer to your Wi-Fi router, or switch from mobile data to Wi-Fi.',
  'Close other apps and browser tabs that use the internet (streaming, downloads, other calls).',
  'Ask others on your network to pause large downloads or video streaming.',
  'Turn off your camera for a while: audio needs much less bandwidth.',
]

/**
 * The six-state strength from the connection state and the worse of uplink and downlink quality.
 * Offline or disconnected is "No connection"; reconnecting, or a quality of 6 (down), is "Connection interrupted".
 * An unknown quality (0) on a working connection reads as Good until the first measurement arrives.
 */
export function connectionStrength(input: {
  state: ConnectionState
  uplink?: NetworkQuality
  downlink?: NetworkQuality
  online?: boolean
}): ConnectionStrength {
  if (input.online === false || input.state === 'disconnected') return 'none'
  if (input.state === 'reconnecting') return 'interrupted'
  if (input.state === 'connecting') return 'good'
  const worst = Math.max(input.uplink ?? 0, input.downlink ?? 0) as NetworkQuality
  switch (worst) {
    case 0:
    case 2:
      return 'good'
    case 1:
      return 'great'
    case 3:
      return 'non-optimal'
    case 4:
    case 5:
      return 'poor'
    default:
      return 'interrupted'
  }
}

/**
 * Network quality from WebRTC statistics (round-trip time and packet loss of the media path), on Agora's scale,
 * so the development media backend reports like the production one. Thresholds follow common VoIP guidance:
 * under 100 ms and 1 % loss is excellent; over 1 s or 30 % loss the path is effectively down.
 */
export function qualityFromStats(input: { rttMs: number | null; packetLossPercent: number | null }): NetworkQuality {
  const { rttMs, packetLossPercent } = input
  if (rttMs == null && packetLossPercent == null) return 0
  const rtt = rttMs ?? 0
  const loss = packetLossPercent ?? 0
  if (rtt >= 1000 || loss >= 30) return 6
  if (rtt >= 600 || loss >= 15) return 5
  if (rtt >= 400 || loss >= 8) return 4
  if (rtt >= 250 || loss >= 3) return 3
  if (rtt >= 100 || loss >= 1) return 2
  return 1
}

/**
 * Network quality in the waiting room, before the media channel: from the round trip of a small request and,
 * where the browser reports it (Network Information API), its estimate of the downlink in Mbit/s.
 */
export function qualityFromProbe(input: { rttMs: number | null; downlinkMbps?: number | null }): NetworkQuality {
  const fromRtt = qualityFromStats({ rttMs: input.rttMs, packetLossPercent: null })
  const mbps = input.downlinkMbps
  if (mbps == null) return fromRtt
  const fromBandwidth: NetworkQuality = mbps >= 5 ? 1 : mbps >= 2 ? 2 : mbps >= 1 ? 3 : mbps >= 0.5 ? 4 : mbps > 0 ? 5 : 6
  return Math.max(fromRtt, fromBandwidth) as NetworkQuality
}
