import { describe, expect, it } from 'vitest'
import {
  MINIMUM_VERSIONS,
  browserSupport,
  detectBrowser,
  versionAtLeast,
  type BrowserFeatures,
} from '../../web/src/visit/browserSupport'

/** Real user-agent strings, as the browsers send them. */
const UA = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  firefoxMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0',
  firefoxEsr115: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  safariMac16_3:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.3 Safari/605.1.15',
  headlessChromeLinux:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
  iosSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  iosChrome:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  iosSafariOld:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 15_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Mobile/15E148 Safari/604.1',
  iosFacebookApp:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/480.0.0.0]',
  androidChrome:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  androidFirefox: 'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0',
  samsungInternet:
    'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
  opera:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0',
  ie11: 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko',
  chrome90:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/90.0.4430.93 Safari/537.36',
}

const DESKTOP: BrowserFeatures = {
  rtcPeerConnection: true,
  getUserMedia: true,
  getDisplayMedia: true,
  setSinkId: true,
  secureContext: true,
  maxTouchPoints: 0,
}
const SAFARI_DESKTOP: BrowserFeatures = { ...DESKTOP, setSinkId: false }
/** Phones have no getDisplayMedia; iOS has no setSinkId. */
const IOS: BrowserFeatures = { ...DESKTOP, getDisplayMedia: false, setSinkId: false, maxTouchPoints: 5 }
const ANDROID: BrowserFeatures = { ...DESKTOP, getDisplayMedia: false, maxTouchPoints: 5 }
/** Internet Explorer 11 has neither WebRTC nor mediaDevices. */
const NOTHING: BrowserFeatures = { rtcPeerConnection: false, getUserMedia: false, getDisplayMedia: false, setSinkId: false }

describe('supported browsers', () => {
  it.each([
    ['Chrome on Windows', UA.chromeWindows, 'chrome'],
    ['Edge on Windows', UA.edgeWindows, 'edge'],
    ['Firefox on macOS', UA.firefoxMac, 'firefox'],
    ['Firefox 115 ESR', UA.firefoxEsr115, 'firefox'],
    ['headless Chrome (the e2e browser)', UA.headlessChromeLinux, 'chrome'],
  ])('supports current %s with screen sharing and speaker choice', (_, ua, family) => {
    const support = browserSupport(ua, DESKTOP)
    expect(support).toMatchObject({ verdict: 'supported', supported: true, screenShare: true, speakerSelection: true })
    expect(support.message).toBeNull()
    expect(support.browser.family).toBe(family)
  })

  it('supports Safari on macOS, sharing the screen but playing sound on the default output', () => {
    const support = browserSupport(UA.safariMac, SAFARI_DESKTOP)
    expect(support).toMatchObject({ verdict: 'supported', screenShare: true, speakerSelection: false })
    expect(support.browser).toMatchObject({ family: 'safari', os: 'macos', mobile: false })
  })

  it('supports Safari on iPhone without screen sharing', () => {
    const support = browserSupport(UA.iosSafari, IOS)
    expect(support).toMatchObject({ verdict: 'supported', screenShare: false, speakerSelection: false })
    expect(support.browser).toMatchObject({ family: 'safari', os: 'ios', device: 'iPhone', mobile: true })
  })

  it('supports Chrome on iPhone by the iOS version, since every iOS browser is WebKit', () => {
    const support = browserSupport(UA.iosChrome, IOS)
    expect(support.verdict).toBe('supported')
    expect(support.browser).toMatchObject({ family: 'chrome', os: 'ios', osVersion: '17.5' })
  })

  it('treats an iPad asking for the desktop site (it says "Macintosh") as an iPad: no screen sharing', () => {
    const support = browserSupport(UA.safariMac, { ...IOS, getDisplayMedia: true })
    expect(support.browser).toMatchObject({ os: 'ios', osName: 'iPadOS', device: 'iPad', mobile: true })
    expect(support).toMatchObject({ verdict: 'supported', screenShare: false })
  })

  it.each([
    ['Chrome', UA.androidChrome],
    ['Firefox', UA.androidFirefox],
  ])('supports %s on Android without screen sharing, even if the browser exposes getDisplayMedia', (_, ua) => {
    const support = browserSupport(ua, { ...ANDROID, getDisplayMedia: true })
    expect(support).toMatchObject({ verdict: 'supported', screenShare: false, speakerSelection: true })
    expect(support.browser).toMatchObject({ os: 'android', mobile: true })
  })
})

describe('other browsers with everything a visit needs', () => {
  it('lets Samsung Internet join, saying it is untested and to use Chrome or Firefox if it misbehaves', () => {
    const support = browserSupport(UA.samsungInternet, ANDROID)
    expect(support).toMatchObject({ verdict: 'untested', supported: true, screenShare: false })
    expect(support.message).toBe(
      "Samsung Internet isn't one of the browsers we test video visits with. It will probably work; if video or " +
        'sound gives you trouble, open this link in Chrome or Firefox instead.',
    )
  })

  it('lets Opera join with the same caution, naming the desktop browsers for Windows', () => {
    const support = browserSupport(UA.opera, DESKTOP)
    expect(support).toMatchObject({ verdict: 'untested', supported: true, screenShare: true })
    expect(support.message).toContain("Opera isn't one of the browsers we test")
    expect(support.message).toContain('Chrome, Edge or Firefox')
  })

  it("lets an iOS app's built-in browser join when it can use the camera, pointing to Safari", () => {
    const support = browserSupport(UA.iosFacebookApp, IOS)
    expect(support.verdict).toBe('untested')
    expect(support.browser.family).toBeNull()
    expect(support.message).toContain('open this link in Safari')
  })
})

describe('browsers that cannot join', () => {
  it('turns away Internet Explorer 11, naming what is missing and the browsers to use', () => {
    const support = browserSupport(UA.ie11, NOTHING)
    expect(support).toMatchObject({ verdict: 'unsupported', supported: false, screenShare: false })
    expect(support.missing).toEqual(['webrtc', 'camera-access'])
    expect(support.message).toBe(
      "Internet Explorer doesn't provide video calling (WebRTC) and access to the camera and microphone, which " +
        'video visits need. Please open this link in Chrome, Edge or Firefox.',
    )
  })

  it('asks for an update of Chrome 90, naming the minimum version and the alternatives', () => {
    const support = browserSupport(UA.chrome90, DESKTOP)
    expect(support).toMatchObject({ verdict: 'unsupported', supported: false, screenShare: false, speakerSelection: false })
    expect(support.message).toBe(
      `Your Chrome (version 90) is too old for video visits. Update Chrome to version ${MINIMUM_VERSIONS.chrome} or ` +
        'later, or open this link in Edge or Firefox.',
    )
  })

  it('asks for an update of Safari 16.3, one point below the minimum', () => {
    const support = browserSupport(UA.safariMac16_3, SAFARI_DESKTOP)
    expect(support.verdict).toBe('unsupported')
    expect(support.message).toContain('Update Safari to version 16.4 or later')
  })

  it('asks for an iOS update on an iPhone older than iOS 16.4, whatever its browser', () => {
    const support = browserSupport(UA.iosSafariOld, IOS)
    expect(support.verdict).toBe('unsupported')
    expect(support.message).toBe(
      'Your iPhone runs iOS 15.7, which is too old for video visits. Update it to iOS 16.4 or later ' +
        '(Settings › General › Software Update), then open this link again.',
    )
  })

  it('turns away current Chrome without RTCPeerConnection (turned off by a policy or an extension)', () => {
    const support = browserSupport(UA.chromeWindows, { ...DESKTOP, rtcPeerConnection: false })
    expect(support).toMatchObject({ verdict: 'unsupported', supported: false, missing: ['webrtc'] })
    expect(support.message).toContain("Chrome doesn't provide video calling (WebRTC)")
    expect(support.message).toContain('A setting, a company policy or an extension may have turned it off.')
  })

  it("sends an iOS app's built-in browser without camera access to Safari", () => {
    const support = browserSupport(UA.iosFacebookApp, { ...IOS, getUserMedia: false })
    expect(support.verdict).toBe('unsupported')
    expect(support.message).toContain('"Open in Safari"')
  })

  it('names an insecure page as the cause rather than the missing camera access it leads to', () => {
    const support = browserSupport(UA.chromeWindows, { ...DESKTOP, getUserMedia: false, secureContext: false })
    expect(support.missing).toEqual(['secure-context'])
    expect(support.message).toContain('https://')
  })
})

describe('detecting the browser', () => {
  it('names the browser and the system for messages', () => {
    expect(detectBrowser(UA.edgeWindows)).toMatchObject({ name: 'Edge', os: 'windows', device: 'computer' })
    expect(detectBrowser(UA.androidChrome)).toMatchObject({ name: 'Chrome', osName: 'Android' })
    expect(detectBrowser(UA.samsungInternet)).toMatchObject({ family: null, name: 'Samsung Internet' })
  })
})

describe('comparing versions', () => {
  it('compares dotted numbers part by part', () => {
    expect(versionAtLeast('16.4', '16.4')).toBe(true)
    expect(versionAtLeast('16.4.1', '16.4')).toBe(true)
    expect(versionAtLeast('16.10', '16.4')).toBe(true)
    expect(versionAtLeast('16', '16.4')).toBe(false)
    expect(versionAtLeast('131.0.6778.73', '116')).toBe(true)
    expect(versionAtLeast('115.0', '116')).toBe(false)
  })

  it('never accepts a missing version', () => {
    expect(versionAtLeast('', '1')).toBe(false)
  })
})
