import {
  connectionStrength,
  qualityFromProbe,
  type ConnectionState,
  type ConnectionStrength,
  type NetworkQuality,
} from '@domain/connectionStrength'
import { computed, onScopeDispose, readonly, ref, watch, type ComputedRef, type Ref } from 'vue'
import { useOnline } from './useOnline'

export interface NetworkProbeOptions {
  /** Pause between probes (default 5 s). */
  intervalMs?: number
  /** A probe that takes longer than this has failed (default 4 s; past 1 s the quality is already "down"). */
  timeoutMs?: number
}

export interface NetworkProbe {
  /** The six-state strength for `VisitConnectionStrength`. */
  strength: ComputedRef<ConnectionStrength>
  /** On Agora's scale (0 until the first answer). */
  quality: ComputedRef<NetworkQuality>
  /** The median of the last few round trips, in ms (null before the first). */
  rttMs: ComputedRef<number | null>
  online: Readonly<Ref<boolean>>
  /** Probes now instead of at the next tick (e.g. after the page comes back to the foreground). */
  probeNow(): void
}

/** Enough samples to ignore one slow answer (a garbage-collection pause, a cold connection) without lagging. */
const SAMPLES = 3
/** Consecutive failures after which the connection counts as gone rather than interrupted. */
const FAILURES_FOR_NONE = 3

interface NetworkInformationLike extends EventTarget {
  downlink?: number
  effectiveType?: string
}

/**
 * The browser's downlink estimate, when it says something. Chrome reports typical values for the connection's
 * class until it has measured enough traffic (1.55 Mbit/s for '4g', its best class, even on a fast network), so
 * on '4g' the estimate is ignored and the probe's round trip decides; a class below '4g' ('3g', '2g',
 * 'slow-2g') is a real sign of a weak link and its figure counts.
 */
function downlinkEstimate(connection: NetworkInformationLike | undefined): number | null {
  const value = connection?.downlink
  if (typeof value !== 'number' || !Number.isFinite(value)) return null
  return connection?.effectiveType === '4g' ? null : value
}

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/**
 * Connection strength in the waiting room, before the media channel reports its own: every ~5 s the round trip
 * of `probe` (a tiny request the page chooses, such as a Firestore read from the server), the browser's downlink
 * estimate where it has one (Network Information API), and the online/offline events, turned into the six states
 * by `qualityFromProbe` and `connectionStrength`. One probe at a time; stops with the calling scope.
 */
export function useNetworkProbe(probe: () => Promise<unknown>, options: NetworkProbeOptions = {}): NetworkProbe {
  const intervalMs = options.intervalMs ?? 5000
  const timeoutMs = options.timeoutMs ?? 4000
  const online = useOnline()
  const state = ref<ConnectionState>('connecting')
  const samples = ref<number[]>([])
  const downlinkMbps = ref<number | null>(null)
  let failures = 0
  // The first round trip also opens the connection (TLS, Firestore's channel): it measures set-up, not the
  // network, and would show a fresh waiting room as Poor. It is discarded, and the next probe follows at once.
  let warmedUp = false
  let running = false
  let timer: number | undefined
  let disposed = false

  const connection = (navigator as Navigator & { connection?: NetworkInformationLike }).connection
  const readDownlink = () => (downlinkMbps.value = downlinkEstimate(connection))
  readDownlink()

  async function measure(): Promise<void> {
    if (running || disposed) return
    running = true
    window.clearTimeout(timer)
    try {
      if (!navigator.onLine) return
      const started = performance.now()
      let timeout: number | undefined
      try {
        await Promise.race([
          probe(),
          new Promise((_, reject) => (timeout = window.setTimeout(() => reject(new Error('probe timed out')), timeoutMs))),
        ])
        failures = 0
        if (!warmedUp) {
          warmedUp = true
          return
        }
        samples.value = [...samples.value, performance.now() - started].slice(-SAMPLES)
        state.value = 'connected'
      } catch {
        failures++
        samples.value = []
        state.value = failures >= FAILURES_FOR_NONE ? 'disconnected' : 'reconnecting'
      } finally {
        window.clearTimeout(timeout)
      }
    } finally {
      running = false
      if (!disposed) timer = window.setTimeout(() => void measure(), warmedUp && samples.value.length === 0 ? 200 : intervalMs)
    }
  }

  // Back online: measure at once rather than at the next tick.
  watch(online, (isOnline) => {
    if (isOnline) void measure()
  })
  connection?.addEventListener?.('change', readDownlink)

  onScopeDispose(() => {
    disposed = true
    window.clearTimeout(timer)
    connection?.removeEventListener?.('change', readDownlink)
  })

  void measure()

  const rttMs = computed(() => median(samples.value))
  const quality = computed<NetworkQuality>(() =>
    state.value === 'connected' ? qualityFromProbe({ rttMs: rttMs.value, downlinkMbps: downlinkMbps.value }) : 0,
  )
  return {
    strength: computed(() =>
      connectionStrength({ state: state.value, downlink: quality.value, online: online.value }),
    ),
    quality,
    rttMs,
    online: readonly(online),
    probeNow: () => void measure(),
  }
}
