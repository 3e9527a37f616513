/**
 * When the camera or microphone can't be opened: what went wrong, in words a patient understands, and — when
 * they (or their browser) blocked the permission — the steps to allow it in the browser they are using.
 * Pure: the browser comes from `detectBrowser` (browserSupport.ts), the error from getUserMedia.
 */
import type { DetectedBrowser } from './browserSupport'

/** Why a camera or microphone couldn't be opened. */
export type MediaProblem = 'blocked' | 'not-found' | 'in-use' | 'unknown'

export type MediaDeviceKind = 'camera' | 'microphone'

/**
 * The problem behind a getUserMedia rejection, from the DOMException's name (current names and the legacy
 * Chrome/Firefox ones). A `SecurityError` comes from a permissions policy or an insecure page: to the patient
 * it is the same as a block.
 */
export function mediaProblemFromError(error: unknown): MediaProblem {
  const name = error && typeof error === 'object' && 'name' in error ? String(error.name) : ''
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'blocked'
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'not-found'
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'in-use'
    default:
      return 'unknown'
  }
}

/** One sentence for the patient about a device that couldn't be opened. */
export function mediaProblemMessage(problem: MediaProblem, device: MediaDeviceKind): string {
  const Device = device === 'camera' ? 'Camera' : 'Microphone'
  switch (problem) {
    case 'blocked':
      return `${Device} access is blocked for this page. Allow it in your browser (steps below), then reload.`
    case 'not-found':
      return `No ${device} was found. Plug one in or choose another ${device}.`
    case 'in-use':
      return `Your ${device} is being used by another app or tab. Close the other app (for example another video call), then try again.`
    default:
      return `Your ${device} couldn't be started. Try again, choose another ${device}, or reload the page.`
  }
}

/** One sentence for both devices blocked at once (a single refusal usually covers both). */
export function blockedMessage(devices: readonly MediaDeviceKind[]): string {
  if (devices.length === 1) return mediaProblemMessage('blocked', devices[0]!)
  return 'Camera and microphone access is blocked for this page. Allow them in your browser (steps below), then reload.'
}

/** Why screen sharing didn't start: the patient closed the picker, or the computer forbids screen recording. */
export type ScreenShareProblem = 'cancelled' | 'blocked-by-system' | 'unknown'

/**
 * A getDisplayMedia rejection. Closing the picker is a NotAllowedError like a real block; Chrome says
 * "Permission denied by system" when macOS has not granted it screen recording, which the patient can fix.
 */
export function screenShareProblem(error: unknown): ScreenShareProblem {
  const name = error && typeof error === 'object' && 'name' in error ? String(error.name) : ''
  const message = error && typeof error === 'object' && 'message' in error ? String(error.message) : ''
  if (name === 'NotAllowedError' && /system/i.test(message)) return 'blocked-by-system'
  if (name === 'NotAllowedError' || name === 'AbortError') return 'cancelled'
  return 'unknown'
}

/** What to tell the patient about a screen share that didn't start (null: they cancelled, say nothing). */
export function screenShareProblemMessage(problem: ScreenShareProblem, browser?: DetectedBrowser): string | null {
  if (problem === 'cancelled') return null
  if (problem === 'blocked-by-system' && browser?.os === 'macos') {
    return (
      `Your Mac doesn't allow ${browser.name} to share the screen. Open System Settings › Privacy & Security › ` +
      `Screen Recording (or Screen & System Audio Recording), turn on ${browser.name}, then restart ${browser.name}.`
    )
  }
  if (problem === 'blocked-by-system') {
    return "Your computer doesn't allow this browser to share the screen. Check its privacy settings."
  }
  return "Screen sharing couldn't start. Try again, or keep using your camera."
}

export interface PermissionHelp {
  /** e.g. 'Allow your camera and microphone in Chrome'. */
  title: string
  /** Numbered steps in the browser in use; the last one is always to reload the page. */
  steps: string[]
  /** When the operating system itself may be blocking the browser: where to allow it there. */
  systemHint: string | null
}

function deviceWords(devices: readonly MediaDeviceKind[]): { words: string; Names: string } {
  const unique = [...new Set(devices)].sort() // camera before microphone
  if (unique.length !== 1) return { words: 'camera and microphone', Names: 'Camera and Microphone' }
  return unique[0] === 'camera' ? { words: 'camera', Names: 'Camera' } : { words: 'microphone', Names: 'Microphone' }
}

const RELOAD = 'Reload this page.'

/**
 * The steps to allow the blocked `devices` for this site in the browser in use (Chrome, Edge, Firefox and Safari
 * on computers; Safari and the other browsers on iPhone and iPad through the Settings app; Chrome, Firefox and
 * Edge on Android), ending with a reload. Other browsers get general directions.
 */
export function permissionHelp(browser: DetectedBrowser, devices: readonly MediaDeviceKind[]): PermissionHelp {
  const { words, Names } = deviceWords(devices)
  const title = `Allow your ${words}${browser.family ? ` in ${browser.name}` : ''}`

  if (browser.os === 'ios') {
    // iOS keeps per-app camera switches in the Settings app; since iOS 18 apps are listed under "Apps".
    const app = browser.family ? browser.name : null
    if (browser.family === 'safari') {
      return {
        title,
        steps: [
          'Open the Settings app and go to Safari (on iOS 18 and later: Apps › Safari).',
          `Under "Settings for Websites", set ${Names} to Ask or Allow.`,
          'Come back to Safari and reload this page; tap Allow when asked.',
        ],
        systemHint: null,
      }
    }
    return {
      title,
      steps: app
        ? [
            `Open the Settings app and go to ${app} (on iOS 18 and later: Apps › ${app}).`,
            `Turn on ${Names}.`,
            `Come back to ${app} and reload this page; tap Allow when asked.`,
          ]
        : [
            'Open this link in Safari: tap the menu (⋯ or the share button) and choose "Open in Safari".',
            `If Safari asks, tap Allow for the ${words}.`,
          ],
      systemHint: null,
    }
  }

  if (browser.os === 'android') {
    const app = browser.family ? browser.name : 'your browser'
    const systemHint =
      `If it is still blocked, ${app} itself may not be allowed: ` +
      `open Android Settings › Apps › ${app} › Permissions and allow ${Names}.`
    const help = (steps: string[]): PermissionHelp => ({ title, steps, systemHint })
    switch (browser.family) {
      case 'chrome':
      case 'edge':
        return help([
          'Tap the icon to the left of the web address (a lock or a settings icon).',
          `Tap Permissions and turn on ${Names} (or tap "Reset permissions").`,
          RELOAD,
        ])
      case 'firefox':
        return help([
          'Tap the lock icon to the left of the web address.',
          `Set ${Names} to Allowed (or clear the blocked permission).`,
          RELOAD,
        ])
      default:
        return help(genericSteps(Names))
    }
  }

  const systemHint =
    browser.os === 'macos' && browser.family !== 'safari'
      ? `If it is still blocked, your Mac may not allow ${browser.name} to use them: open System Settings › ` +
        `Privacy & Security › Camera and › Microphone, turn on ${browser.name}, then restart ${browser.name}.`
      : browser.os === 'windows'
        ? 'If it is still blocked, Windows may be keeping the browser out: open Settings › Privacy & security › ' +
          'Camera and › Microphone, and allow desktop apps to use them.'
        : null
  const help = (steps: string[]): PermissionHelp => ({ title, steps, systemHint })

  switch (browser.family) {
    case 'chrome':
      return help([
        'Click the camera icon with a red cross at the right end of the address bar, ' +
          'or the site settings icon to the left of the web address.',
        `Set ${Names} to Allow (choose "Always allow" if asked).`,
        RELOAD,
      ])
    case 'edge':
      return help([
        'Click the lock icon to the left of the web address, then "Permissions for this site" ' +
          '(or click the camera icon at the right end of the address bar).',
        `Set ${Names} to Allow.`,
        RELOAD,
      ])
    case 'firefox':
      return help([
        'Click the permissions icon (a crossed-out camera or microphone) to the left of the web address.',
        `Click the × next to "Blocked" for ${Names} to clear it.`,
        'Reload this page, then choose Allow when Firefox asks.',
      ])
    case 'safari':
      return help([
        'In the menu bar, choose Safari › Settings for This Website… (or right-click the address field).',
        `Set ${Names} to Allow.`,
        RELOAD,
      ])
    default:
      return help(genericSteps(Names))
  }
}

function genericSteps(Names: string): string[] {
  return [
    'Look for a camera, lock or settings icon in or next to the address bar and open it.',
    `Allow ${Names} for this site.`,
    RELOAD,
  ]
}
