
/**
 * The response headers Firebase Hosting sends with the web app, in one place: the Content-Security-Policy (with
 * every third-party endpoint the app talks to, and why), the other security headers, and caching.
 *
 * `firebase.json` holds the generated copy (Hosting reads only that file): `npm run hosting:headers` rewrites it
 * from here, and tests/unit/hostingHeaders.test.ts fails when the two differ. The emulator runs serve the same
 * headers with only the loopback emulator origins added to `connect-src` ({@link withEmulatorOrigins}).
 */

/** An origin the browser may open connections to (fetch, XHR, WebSocket, EventSource), and why it must. */
interface ConnectSource {
  source: string
  why: string
}

/**
 * Every endpoint outside our origin that the web app connects to. Nothing else is reachable from the page.
 * CSP host wildcards match any number of sub-domain labels; a source without a port matches only the scheme's
 * default port, hence `:*` where an SDK picks ports at run time.
 */
export const CONNECT_SOURCES: readonly ConnectSource[] = [
  { source: 'blob:', why: 'chat files assembled in the browser are read back from their blob: URL (our own bytes, never a third party)' },
  // Firebase (console, and the patient after the code is accepted).
  { source: 'https://identitytoolkit.googleapis.com', why: 'Firebase Auth: email/password sign-in, custom-token sign-in of patients, account lookup' },
  { source: 'https://securetoken.googleapis.com', why: 'Firebase Auth: ID token refresh' },
  { source: 'https://firestore.googleapis.com', why: 'Firestore: listeners (WebChannel) and writes' },
  {
    source: 'https://*.cloudfunctions.net',
    why: 'Cloud Functions callables at <region>-<project>.cloudfunctions.net (also called with fetch by the join page); a wildcard because the project id is only known at deploy time',
  },
  // Agora (video visits with an Agora App ID; agora-rtc-sdk-ng 4.x).
  {
    source: 'https://*.agora.io:*',
    why: 'Agora: access points (ap-web-*, cds-ap-web-*, uap-ap-web-*, sua-ap-web-*), stats collectors on their own ports, and web proxies; chosen per region at run time',
  },
  { source: 'wss://*.agora.io:*', why: 'Agora: media gateway signalling on <ip>.edge.agora.io, ports assigned by the access point' },
  {
    source: 'https://*.sd-rtn.com:*',
    why: "Agora's second domain (SD-RTN), which the SDK falls back to when agora.io is unreachable or blocked",
  },
  { source: 'wss://*.sd-rtn.com:*', why: 'Agora: gateway signalling on <ip>.edge.sd-rtn.com (the same fallback)' },
  // Twilio Voice JS SDK (@twilio/voice-sdk 2.x, the console's browser phone).
  { source: 'wss://*.twilio.com', why: 'Twilio Voice signalling at voice-js.<edge>.twilio.com/signal; the edge (and its fallbacks) is picked at run time' },
  { source: 'https://eventgw.twilio.com', why: 'Twilio Voice Insights: call-quality events before the home region is known' },
  // Voice Insights in the account's home region, eventgw.<home>.twilio.com: the SDK's home regions (regions.ts),
  // listed because CSP allows a wildcard only as the first label.
  ...['us1', 'us2', 'ie1', 'de1', 'au1', 'jp1', 'sg1', 'br1'].map((home) => ({
    source: `https://eventgw.${home}.twilio.com`,
    why: `Twilio Voice Insights for accounts homed in ${home}`,
  })),
  { source: 'https://sdk.twilio.com', why: "Twilio Voice: the Device's ringing and dial tones, fetched into Web Audio" },
]

/** Where media elements may load from: our origin, blob: URLs, and Twilio's tones. */
const MEDIA_SOURCES = [
  "'self'",
  // Attachments assembled in the browser are opened as blob: URLs; Twilio falls back to a blob: URL for the remote
  // stream in browsers without srcObject.
  'blob:',
  // Twilio Device plays its tones through an <audio> element when Web Audio is off.
  'https://sdk.twilio.com',
]

/**
 * The only inline style attributes the policy admits, each by its hash (CSP `'unsafe-hashes'`: that exact text, in
 * a style attribute only; no <style> element, no other text, and no script).
 */
export const ALLOWED_STYLE_ATTRIBUTES: readonly { style: string; why: string }[] = [
  {
    style: 'position: fixed; top: 0; left: 0; width: 1px; height: 1px',
    why: 'agora-rtc-sdk-ng plays every new camera track in a hidden 1-pixel <video> to read its resolution (all browsers but Safari); refused, that probe would show at full size',
  },
]

/** sha256 of emoji-picker-element 1.29's shadow-root stylesheet (`baseStyles + EXTRA_STYLES` in its picker.js). */
export const EMOJI_PICKER_STYLESHEET_HASH = "'sha256-rg2BpwZ4T9EADaas/dlxn0KsISPDXXIabE9pnJ++3UQ='"

/** The deployed policy's directives, in the order they are written. */
function directives(connectSources: readonly string[]): [string, string[]][] {
  return [
    ['default-src', ["'self'"]],
    // Only our own hashed bundles: no inline script, no eval, no third-party script.
    ['script-src', ["'self'"]],
    // Agora starts a Worker from a blob: URL it builds itself (the RTCRtpScriptTransform for audio metadata on
    // Safari and Firefox). A page script must already be running to make a blob:, so this admits no new code source.
    ['worker-src', ["'self'", 'blob:']],
    // Vite emits every style as a .css file; Vue sets style properties through the CSSOM, which CSP does not gate.
    // Plus, by hash, the one stylesheet emoji-picker-element (the chat's emoji picker) puts in its shadow root.
    ['style-src', ["'self'", EMOJI_PICKER_STYLESHEET_HASH]],
    // Style attributes: the emoji picker renders dynamic ones (its grid and tab indicator), and Agora sets its probe's
    // (ALLOWED_STYLE_ATTRIBUTES). Style attributes cannot run script; the script policy above stays strict.
    ['style-src-attr', ["'unsafe-inline'"]],
    // data: for the blank favicon in index.html; blob: for image attachments opened in the browser;
    // www.google.com/images/cleardot.gif is the Firestore SDK's (Closure WebChannel's) connectivity probe, loaded
    // as an image after a network error: blocking it only reports a violation and slows recovery.
    ['img-src', ["'self'", 'data:', 'blob:', 'https://www.google.com/images/cleardot.gif']],
    ['media-src', MEDIA_SOURCES],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...connectSources]],
    // Attachments (PDFs) shown in a frame from a blob: URL; nothing else is ever framed.
    ['frame-src', ['blob:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ]
}

function serialise(list: [string, string[]][]): string {
  return list.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ')
}

/** The Content-Security-Policy of the deployed app. */
export function contentSecurityPolicy(): string {
  return serialise(directives(CONNECT_SOURCES.map((c) => c.source)))
}

/**
 * The same policy with extra `connect-src` origins: the emulator build talks to Auth, Firestore and Functions
 * emulators on http://127.0.0.1:<port>, which the deployed policy rightly refuses. Nothing else changes.
 */
export function withEmulatorOrigins(policy: string, origins: readonly string[]): string {
  const parts = policy.split('; ')
  const index = parts.findIndex((part) => part.startsWith('connect-src '))
  if (index < 0) throw new Error('The policy has no connect-src directive.')
  parts[index] = [parts[index], ...origins].join(' ')
  return parts.join('; ')
}

/**
 * The loopback origins of the emulators the web app talks to, for {@link withEmulatorOrigins}; with `fakeTwilio`,
 * also the local Twilio stand-in that the development phone line connects to (it stands where Twilio's cloud is).
 */
export function emulatorOrigins(ports: { auth: number; firestore: number; functions: number; fakeTwilio?: number }): string[] {
  return [ports.auth, ports.firestore, ports.functions, ports.fakeTwilio]
    .filter((port): port is number => port !== undefined)
    .map((port) => `http://127.0.0.1:${port}`)
}

interface HeaderRule {
  source: string
  headers: { key: string; value: string }[]
}

/** Security headers every response carries (the app's pages and its assets alike). */
export function securityHeaders(): { key: string; value: string }[] {
  return [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy() },
    // Two years, sub-domains included: the console and join links are HTTPS only.
    { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
    // The join link's token must never leave in a Referer.
    { key: 'Referrer-Policy', value: 'no-referrer' },
    // Camera, microphone, screen sharing and speaker choice for our own pages only; nothing else the app needs.
    {
      key: 'Permissions-Policy',
      value: 'camera=(self), microphone=(self), display-capture=(self), speaker-selection=(self), geolocation=(), payment=(), usb=()',
    },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
  ]
}

/** Vite puts every hashed bundle (and only those) under /assets/. */
export const HASHED_ASSETS = '/assets/**'
export const IMMUTABLE = 'public, max-age=31536000, immutable'
export const NO_CACHE = 'no-cache'

/**
 * `hosting.headers` of firebase.json. The two caching rules are disjoint (Hosting's order of precedence among
 * overlapping rules is not something to rely on): hashed assets are immutable for a year; everything else (the
 * index.html every route is rewritten to) is revalidated on every load, so a deploy reaches people at once.
 */
export function hostingHeaderRules(): HeaderRule[] {
  return [
    { source: '**', headers: securityHeaders() },
    { source: HASHED_ASSETS, headers: [{ key: 'Cache-Control', value: IMMUTABLE }] },
    { source: `!${HASHED_ASSETS}`, headers: [{ key: 'Cache-Control', value: NO_CACHE }] },
  ]
}

/** `hosting.rewrites`: every route but a missing asset serves the app (a stale asset 404s rather than caching HTML for a year). */
export function hostingRewrites(): { source: string; destination: string }[] {
  return [{ source: `!${HASHED_ASSETS}`, destination: '/index.html' }]
}
