import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium; we never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/** Fake camera and microphone, and loopback WebRTC, for the video visit tests. */
export const MEDIA_FLAGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  // The tests measure the sound a page receives with an AudioContext they create themselves, with no click first.
  '--autoplay-policy=no-user-gesture-required',
]

/**
 * `media`: fake camera and microphone, and the permission prompt answered Allow. `media: 'blocked'`: the same
 * fake devices, but no automatic answer, so headless Chromium refuses the prompt as a patient clicking Block
 * would (getUserMedia fails with NotAllowedError).
 */
export function launchChromium({ media = false }: { media?: boolean | 'blocked' } = {}): Promise<Browser> {
  const mediaFlags = media === 'blocked' ? MEDIA_FLAGS.filter((flag) => flag !== '--use-fake-ui-for-media-stream') : media ? MEDIA_FLAGS : []
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...BASE_FLAGS, ...mediaFlags],
  })
}
