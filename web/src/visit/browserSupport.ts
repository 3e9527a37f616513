/**
 * Can this browser take part in a video visit? A pure decision from the user-agent string and a features object
 * (what the page found on `window`), so it can be unit-tested with real UA strings.
 *
 * Three verdicts:
 * - `supported`: current Chrome, Edge, Firefox or Safari with WebRTC and camera access (the browsers we test).
 * - `untested`: another browser built on the same engines (Opera, Samsung Internet, Vivaldi, an app's built-in
 *   browser on iOS…) that has every feature a visit needs. The patient may join; we say it isn't one we test and
 *   which browser to use if something fails. Turning them away would leave a patient without their appointment
 *   over a browser brand, when the call would most likely work.
 * - `unsupported`: a required feature is missing, or the browser is too old. The message names what is missing
 *   and which browsers to use on this device.
 *
 * iOS: every browser there (Safari, Chrome, Firefox, Edge) runs on the system's WebKit, so the version that
 * matters is iOS's, not the app's. All four are supported from iOS 16.4; other iOS apps' built-in browsers are
 * `untested` when they expose the camera, and otherwise told to open the link in Safari.
 */
import { getParser } from 'bowser'

/**
 * The oldest versions we support, in one place. Each is a release with the WebRTC features the visit uses
 * (unified-plan transceivers, replaceTrack, getDisplayMedia on desktop) that is still receiving updates or was
 * superseded recently: Chrome/Edge 116 (Aug 2023), Firefox 115 (the extended-support release many organisations
 * pin), Safari 16.4 (Mar 2023; the first with a dependable WebRTC stack and AudioContext on iOS).
 */
export const MINIMUM_VERSIONS = {
  chrome: '116',
  edge: '116',
  firefox: '115',
  safari: '16.4',
  /** Every iOS browser is WebKit: the system version decides (same numbering as Safari). */
  ios: '16.4',
} as const

/** The browsers we build and test for. `chrome` includes Chromium builds (same engine and version numbers). */
export type BrowserFamily = 'chrome' | 'edge' | 'firefox' | 'safari'

export type OperatingSystem = 'windows' | 'macos' | 'linux' | 'chromeos' | 'android' | 'ios' | 'other'

/** What the page finds on `window` and `navigator` (see `useBrowserSupport`). */
export interface BrowserFeatures {
  /** `window.RTCPeerConnection`: the browser can carry a call. */
  rtcPeerConnection: boolean
  /** `navigator.mediaDevices.getUserMedia`: the browser can open the camera and microphone. */
  getUserMedia: boolean
  /** `navigator.mediaDevices.getDisplayMedia`: the browser can share the screen. */
  getDisplayMedia: boolean
  /** `HTMLMediaElement.prototype.setSinkId`: sound can be routed to a chosen speaker. */
  setSinkId: boolean
  /** `window.isSecureContext`; camera access exists only on https (or localhost). Unknown if left out. */
  secureContext?: boolean
  /** `navigator.maxTouchPoints`: tells an iPad (which reports itself as a Mac) from a Mac. */
  maxTouchPoints?: number
}

export interface DetectedBrowser {
  /** One of the browsers we support, or null for any other. */
  family: BrowserFamily | null
  /** The name to show a person: 'Chrome', 'Samsung Internet', 'Safari'… ('your browser' when unknown). */
  name: string
  /** The browser's own version as reported ('' when unknown). */
  version: string
  os: OperatingSystem
  /** 'iOS', 'iPadOS', 'Android', 'macOS', 'Windows'… for messages. */
  osName: string
  /** The OS version where it matters (iOS), '' otherwise. */
  osVersion: string
  /** Phones and tablets: no screen sharing, mobile permission settings. */
  mobile: boolean
  /** 'iPhone', 'iPad', 'Android phone or tablet', 'computer': for messages. */
  device: string
  /** The rendering engine's major version for Chromium- and Gecko-based browsers (null when unknown). */
  engine: { name: 'blink' | 'gecko' | 'webkit' | 'other'; major: number | null }
}

export type SupportVerdict = 'supported' | 'untested' | 'unsupported'

/** A capability a visit needs that the browser lacks. */
export type MissingFeature = 'secure-context' | 'webrtc' | 'camera-access'

export interface BrowserSupport {
  browser: DetectedBrowser
  verdict: SupportVerdict
  /** The browser can take part in a visit: verdict `supported` or `untested` (see `message` for the latter). */
  supported: boolean
  /** Screen sharing: desktop browsers with getDisplayMedia only. */
  screenShare: boolean
  /** A speaker can be chosen (setSinkId); otherwise sound plays on the system's default output. */
  speakerSelection: boolean
  missing: MissingFeature[]
  /** The browsers to suggest on this device, e.g. ['Chrome', 'Firefox'] on Android. */
  recommended: string[]
  /** What is wrong and what to do, in plain words; null when supported. */
  message: string | null
}

const FAMILY_NAMES: Record<BrowserFamily, string> = {
  chrome: 'Chrome',
  edge: 'Edge',
  firefox: 'Firefox',
  safari: 'Safari',
}

/** Bowser's browser names for the families we support. */
const FAMILY_BY_BOWSER_NAME: Record<string, BrowserFamily> = {
  Chrome: 'chrome',
  Chromium: 'chrome',
  'Microsoft Edge': 'edge',
  Firefox: 'firefox',
  Safari: 'safari',
}

/** Friendlier names than bowser's for browsers people often have. */
const DISPLAY_NAMES: Record<string, string> = {
  'Samsung Internet for Android': 'Samsung Internet',
  'Internet Explorer': 'Internet Explorer',
  'Microsoft Edge': 'Edge',
}

const OS_BY_BOWSER_NAME: Record<string, OperatingSystem> = {
  Windows: 'windows',
  macOS: 'macos',
  Linux: 'linux',
  'Chrome OS': 'chromeos',
  Android: 'android',
  iOS: 'ios',
}

const MISSING_WORDS: Record<MissingFeature, string> = {
  'secure-context': 'a secure (https) connection to this page',
  webrtc: 'video calling (WebRTC)',
  'camera-access': 'access to the camera and microphone',
}

/**
 * Whether `version` is at least `minimum`, comparing dotted numbers ('16.4' < '16.10' < '17').
 * Missing parts count as 0; an empty or unreadable version is never enough.
 */
export function versionAtLeast(version: string, minimum: string): boolean {
  const parse = (value: string) => value.split('.').map((part) => Number.parseInt(part, 10))
  const have = parse(version)
  const need = parse(minimum)
  if (!Number.isFinite(have[0])) return false
  for (let i = 0; i < need.length; i++) {
    const a = Number.isFinite(have[i]) ? have[i]! : 0
    const b = need[i]!
    if (a !== b) return a > b
  }
  return true
}

function majorFrom(userAgent: string, pattern: RegExp): number | null {
  const match = pattern.exec(userAgent)
  return match ? Number.parseInt(match[1]!, 10) : null
}

/** Which browser, on what, from the user-agent string (and touch points, to unmask iPads). */
export function detectBrowser(
  userAgent: string,
  features: Pick<BrowserFeatures, 'maxTouchPoints'> = {},
): DetectedBrowser {
  const parser = getParser(userAgent)
  const bowserBrowser = parser.getBrowser()
  const bowserOs = parser.getOS()
  const bowserName = bowserBrowser.name ?? ''
  const version = bowserBrowser.version ?? ''
  let os: OperatingSystem = OS_BY_BOWSER_NAME[bowserOs.name ?? ''] ?? 'other'
  let osVersion = os === 'ios' ? (bowserOs.version ?? '') : ''
  const platform = parser.getPlatformType(true)
  let mobile = platform === 'mobile' || platform === 'tablet'
  let ipad = /iPad/.test(userAgent)

  // iPadOS Safari asks for desktop sites and reports itself as a Mac; only touch gives it away. Its Safari
  // version follows iPadOS's, so it stands in for the OS version.
  if (os === 'macos' && (features.maxTouchPoints ?? 0) > 1) {
    os = 'ios'
    osVersion = version
    mobile = true
    ipad = true
  }
  if (os === 'android' || os === 'ios') mobile = true

  // Every iOS browser reports "Version/x" except apps' built-in browsers (Facebook, Instagram, Gmail…), which
  // bowser names Safari without a version: they are not Safari.
  const inAppOnIos = os === 'ios' && bowserName === 'Safari' && !version
  const family = inAppOnIos ? null : (FAMILY_BY_BOWSER_NAME[bowserName] ?? null)
  const name = inAppOnIos
    ? "this app's built-in browser"
    : family
      ? bowserName === 'Chromium'
        ? 'Chromium'
        : FAMILY_NAMES[family]
      : (DISPLAY_NAMES[bowserName] ?? (bowserName || 'your browser'))

  const engineName = parser.getEngineName().toLowerCase()
  const engine: DetectedBrowser['engine'] =
    os === 'ios' || engineName === 'webkit'
      ? { name: 'webkit', major: null }
      : engineName === 'blink' || /Chrome\/\d+/.test(userAgent)
        ? { name: 'blink', major: majorFrom(userAgent, /(?:Chrome|Chromium)\/(\d+)/) }
        : engineName === 'gecko'
          ? { name: 'gecko', major: majorFrom(userAgent, /Firefox\/(\d+)/) ?? majorFrom(userAgent, /rv:(\d+)/) }
          : { name: 'other', major: null }

  const osName =
    os === 'ios' ? (ipad ? 'iPadOS' : 'iOS') : os === 'other' ? bowserOs.name || 'this system' : (bowserOs.name ?? '')
  const device =
    os === 'ios' ? (ipad ? 'iPad' : 'iPhone') : os === 'android' ? 'Android phone or tablet' : mobile ? 'device' : 'computer'

  return { family, name, version, os, osName, osVersion, mobile, device, engine }
}

/** The browsers to suggest on a device, most common first. */
export function recommendedBrowsers(os: OperatingSystem): string[] {
  switch (os) {
    case 'ios':
      return ['Safari']
    case 'android':
      return ['Chrome', 'Firefox']
    case 'macos':
      return ['Safari', 'Chrome', 'Firefox', 'Edge']
    case 'windows':
      return ['Chrome', 'Edge', 'Firefox']
    case 'chromeos':
      return ['Chrome']
    default:
      return ['Chrome', 'Firefox']
  }
}

/** 'Chrome', 'Chrome or Firefox', 'Chrome, Edge or Firefox'. */
function either(names: string[]): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`
}

function both(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`
}

function missingFeatures(features: BrowserFeatures): MissingFeature[] {
  // Browsers hide navigator.mediaDevices entirely on insecure pages: name the cause, not the symptom.
  if (features.secureContext === false) return ['secure-context']
  const missing: MissingFeature[] = []
  if (!features.rtcPeerConnection) missing.push('webrtc')
  if (!features.getUserMedia) missing.push('camera-access')
  return missing
}

/** Too old: the reason and the fix, or null when recent enough. */
function outdated(browser: DetectedBrowser): string | null {
  if (browser.os === 'ios') {
    if (versionAtLeast(browser.osVersion, MINIMUM_VERSIONS.ios)) return null
    const have = browser.osVersion ? ` ${browser.osVersion}` : ''
    return (
      `Your ${browser.device} runs ${browser.osName}${have}, which is too old for video visits. ` +
      `Update it to ${browser.osName} ${MINIMUM_VERSIONS.ios} or later (Settings › General › Software Update), ` +
      `then open this link again.`
    )
  }
  if (browser.family) {
    const minimum = MINIMUM_VERSIONS[browser.family]
    if (versionAtLeast(browser.version, minimum)) return null
    const major = browser.version.split('.')[0]
    const have = major ? ` (version ${major})` : ''
    return `Your ${browser.name}${have} is too old for video visits. Update ${browser.name} to version ${minimum} or later`
  }
  // Other browsers on the Chromium or Firefox engines: the engine's age is what matters.
  const { name, major } = browser.engine
  const engineMinimum = name === 'blink' ? MINIMUM_VERSIONS.chrome : name === 'gecko' ? MINIMUM_VERSIONS.firefox : null
  if (engineMinimum && major !== null && major < Number(engineMinimum)) return `${browser.name} is out of date`
  return null
}

/**
 * The verdict for this browser and the explanation a patient needs: what is missing and which browsers to use.
 * Screen sharing needs a desktop browser with getDisplayMedia; speaker choice needs setSinkId.
 */
export function browserSupport(userAgent: string, features: BrowserFeatures): BrowserSupport {
  const browser = detectBrowser(userAgent, features)
  const recommended = recommendedBrowsers(browser.os)
  const use = either(recommended)
  const missing = missingFeatures(features)
  const screenShare = !browser.mobile && features.getDisplayMedia && missing.length === 0
  const speakerSelection = features.setSinkId
  const result = (verdict: SupportVerdict, message: string | null): BrowserSupport => ({
    browser,
    verdict,
    supported: verdict !== 'unsupported',
    screenShare: verdict === 'unsupported' ? false : screenShare,
    speakerSelection: verdict === 'unsupported' ? false : speakerSelection,
    missing,
    recommended,
    message,
  })

  if (missing.includes('secure-context')) {
    return result(
      'unsupported',
      'This page was opened without a secure (https) connection, so the browser keeps the camera and microphone ' +
        'switched off. Open the link exactly as you received it; it starts with https://.',
    )
  }

  const tooOld = outdated(browser)
  if (tooOld && browser.os === 'ios') return result('unsupported', tooOld)
  if (tooOld && browser.family) {
    const others = recommended.filter((name) => name !== browser.name)
    return result('unsupported', others.length ? `${tooOld}, or open this link in ${either(others)}.` : `${tooOld}.`)
  }
  if (tooOld) return result('unsupported', `${tooOld}. Please open this link in ${use}.`)

  if (missing.length > 0) {
    const lacks = both(missing.map((feature) => MISSING_WORDS[feature]))
    if (browser.os === 'ios' && !browser.family) {
      return result(
        'unsupported',
        `${capitalise(browser.name)} doesn't allow ${lacks}. Open this link in Safari: ` +
          `tap the menu (⋯ or the share button) and choose "Open in Safari" (or copy the link into Safari).`,
      )
    }
    const settingsHint = browser.family
      ? ' A setting, a company policy or an extension may have turned it off.'
      : ''
    return result(
      'unsupported',
      `${capitalise(browser.name)} doesn't provide ${lacks}, which video visits need.${settingsHint} ` +
        `Please open this link in ${use}.`,
    )
  }

  if (!browser.family) {
    return result(
      'untested',
      `${capitalise(browser.name)} isn't one of the browsers we test video visits with. It will probably work; ` +
        `if video or sound gives you trouble, open this link in ${use} instead.`,
    )
  }

  return result('supported', null)
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
