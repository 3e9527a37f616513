import { describe, expect, it } from 'vitest'
import { detectBrowser } from '../../web/src/visit/browserSupport'
import {
  blockedMessage,
  mediaProblemFromError,
  mediaProblemMessage,
  permissionHelp,
  screenShareProblem,
  screenShareProblemMessage,
} from '../../web/src/visit/permissionHelp'

const browsers = {
  chromeWindows: detectBrowser(
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  ),
  chromeMac: detectBrowser(
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  ),
  edgeWindows: detectBrowser(
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  ),
  firefoxMac: detectBrowser('Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0'),
  safariMac: detectBrowser(
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  ),
  iosSafari: detectBrowser(
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  ),
  iosChrome: detectBrowser(
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  ),
  androidChrome: detectBrowser(
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  ),
  androidFirefox: detectBrowser('Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0'),
  samsungInternet: detectBrowser(
    'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
  ),
}

const BOTH = ['camera', 'microphone'] as const

describe('steps to allow a blocked camera and microphone', () => {
  it('Chrome: the camera icon or the site settings in the address bar, then reload', () => {
    const help = permissionHelp(browsers.chromeWindows, BOTH)
    expect(help.title).toBe('Allow your camera and microphone in Chrome')
    expect(help.steps[0]).toContain('camera icon')
    expect(help.steps[0]).toContain('site settings icon')
    expect(help.steps[1]).toBe('Set Camera and Microphone to Allow (choose "Always allow" if asked).')
    expect(help.steps.at(-1)).toBe('Reload this page.')
    expect(help.systemHint).toContain('Settings › Privacy & security')
  })

  it('Chrome on a Mac: also where macOS itself allows the browser', () => {
    expect(permissionHelp(browsers.chromeMac, BOTH).systemHint).toContain(
      'System Settings › Privacy & Security › Camera',
    )
  })

  it('Edge: the lock icon and "Permissions for this site"', () => {
    const help = permissionHelp(browsers.edgeWindows, ['camera'])
    expect(help.title).toBe('Allow your camera in Edge')
    expect(help.steps[0]).toContain('Permissions for this site')
    expect(help.steps[1]).toBe('Set Camera to Allow.')
  })

  it('Firefox: the permissions icon left of the address', () => {
    const help = permissionHelp(browsers.firefoxMac, ['microphone'])
    expect(help.steps[0]).toContain('permissions icon')
    expect(help.steps[0]).toContain('to the left of the web address')
    expect(help.steps[1]).toContain('for Microphone')
    expect(help.steps.at(-1)).toContain('Reload this page')
  })

  it('Safari on a Mac: Safari › Settings for This Website, no system hint', () => {
    const help = permissionHelp(browsers.safariMac, BOTH)
    expect(help.steps[0]).toContain('Safari › Settings for This Website')
    expect(help.systemHint).toBeNull()
  })

  it('Safari on iPhone: Settings › Safari › Camera and Microphone, then reload', () => {
    const help = permissionHelp(browsers.iosSafari, BOTH)
    expect(help.steps[0]).toContain('Settings app and go to Safari')
    expect(help.steps[1]).toContain('set Camera and Microphone to Ask or Allow')
    expect(help.steps.at(-1)).toContain('reload this page')
  })

  it('Chrome on iPhone: its own switches in the Settings app', () => {
    const help = permissionHelp(browsers.iosChrome, ['camera'])
    expect(help.steps[0]).toContain('go to Chrome')
    expect(help.steps[1]).toBe('Turn on Camera.')
  })

  it('Chrome on Android: lock icon › Permissions, and the Android app permission as a hint', () => {
    const help = permissionHelp(browsers.androidChrome, BOTH)
    expect(help.steps[0]).toContain('to the left of the web address')
    expect(help.steps[1]).toContain('Tap Permissions and turn on Camera and Microphone')
    expect(help.systemHint).toContain('Android Settings › Apps › Chrome › Permissions')
  })

  it('Firefox on Android: the lock icon', () => {
    expect(permissionHelp(browsers.androidFirefox, BOTH).steps[0]).toBe('Tap the lock icon to the left of the web address.')
  })

  it('other browsers: general directions, still ending with a reload', () => {
    const help = permissionHelp(browsers.samsungInternet, BOTH)
    expect(help.title).toBe('Allow your camera and microphone')
    expect(help.steps.at(-1)).toBe('Reload this page.')
  })
})

describe('what went wrong opening a device', () => {
  const error = (name: string, message = '') => new DOMException(message, name)

  it.each([
    ['NotAllowedError', 'blocked'],
    ['SecurityError', 'blocked'],
    ['PermissionDeniedError', 'blocked'],
    ['NotFoundError', 'not-found'],
    ['OverconstrainedError', 'not-found'],
    ['NotReadableError', 'in-use'],
    ['TrackStartError', 'in-use'],
    ['TypeError', 'unknown'],
  ] as const)('%s is %s', (name, problem) => {
    expect(mediaProblemFromError(error(name))).toBe(problem)
  })

  it('reads anything thrown without failing', () => {
    expect(mediaProblemFromError(undefined)).toBe('unknown')
    expect(mediaProblemFromError('boom')).toBe('unknown')
  })

  it('tells the patient what to do', () => {
    expect(mediaProblemMessage('in-use', 'camera')).toBe(
      'Your camera is being used by another app or tab. Close the other app (for example another video call), then try again.',
    )
    expect(mediaProblemMessage('not-found', 'microphone')).toBe('No microphone was found. Plug one in or choose another microphone.')
  })

  it('says it once when one refusal blocked both devices', () => {
    expect(blockedMessage(['camera', 'microphone'])).toBe(
      'Camera and microphone access is blocked for this page. Allow them in your browser (steps below), then reload.',
    )
    expect(blockedMessage(['microphone'])).toBe(mediaProblemMessage('blocked', 'microphone'))
  })
})

describe('screen sharing that did not start', () => {
  it('says nothing when the patient closed the picker', () => {
    const problem = screenShareProblem(new DOMException('Permission denied', 'NotAllowedError'))
    expect(problem).toBe('cancelled')
    expect(screenShareProblemMessage(problem, browsers.chromeMac)).toBeNull()
  })

  it("points to macOS's Screen Recording setting when the system refused", () => {
    const problem = screenShareProblem(new DOMException('Permission denied by system', 'NotAllowedError'))
    expect(problem).toBe('blocked-by-system')
    expect(screenShareProblemMessage(problem, browsers.chromeMac)).toContain('Privacy & Security › Screen Recording')
  })
})
