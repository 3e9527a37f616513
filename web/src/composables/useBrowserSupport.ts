import { browserSupport, type BrowserFeatures, type BrowserSupport } from '@/visit/browserSupport'

/** What this browser offers a video visit, read from `window` and `navigator`. */
export function browserFeatures(): BrowserFeatures {
  const mediaDevices = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined
  return {
    rtcPeerConnection: typeof RTCPeerConnection === 'function',
    getUserMedia: typeof mediaDevices?.getUserMedia === 'function',
    getDisplayMedia: typeof mediaDevices?.getDisplayMedia === 'function',
    setSinkId: typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype,
    secureContext: typeof isSecureContext === 'boolean' ? isSecureContext : undefined,
    maxTouchPoints: typeof navigator !== 'undefined' ? navigator.maxTouchPoints : undefined,
  }
}

let cached: BrowserSupport | null = null

/**
 * Whether this browser can take part in a video visit, and what it can do there (screen sharing, speaker
 * choice): `browserSupport` in `@/visit/browserSupport` applied to this browser. The answer can't change while
 * the page is open, so it is worked out once and is not reactive.
 */
export function useBrowserSupport(): BrowserSupport {
  cached ??= browserSupport(navigator.userAgent, browserFeatures())
  return cached
}
