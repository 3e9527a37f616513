import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  ALLOWED_STYLE_ATTRIBUTES, EMOJI_PICKER_STYLESHEET_HASH,
  CONNECT_SOURCES,
  contentSecurityPolicy,
  emulatorOrigins,
  hostingHeaderRules,
  hostingRewrites,
  withEmulatorOrigins,
} from '../../scripts/lib/hostingHeaders'

const firebaseJson = JSON.parse(readFileSync(new URL('../../firebase.json', import.meta.url), 'utf8')) as {
  hosting: { headers: unknown; rewrites: unknown }
}

/** The policy as a map of directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split('; ').map((part) => {
    const [name, ...values] = part.split(' ')
    return [name!, values] as const
  }))
}

describe('firebase.json hosting headers', () => {
  it('are the ones scripts/lib/hostingHeaders.ts generates (run `npm run hosting:headers` after changing it)', () => {
    expect(firebaseJson.hosting.headers).toEqual(hostingHeaderRules())
    expect(firebaseJson.hosting.rewrites).toEqual(hostingRewrites())
  })
})

describe('the content security policy', () => {
  const policy = directives(contentSecurityPolicy())

  it('runs scripts from our origin only: no inline script, no eval, no third-party script', () => {
    expect(policy.get('script-src')).toEqual(["'self'"])
    expect(policy.get('style-src')).toEqual(["'self'", EMOJI_PICKER_STYLESHEET_HASH])
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|wasm-unsafe-eval|strict-dynamic|nonce-/)
    // 'unsafe-inline' only for style attributes (the emoji picker's dynamic ones), never for scripts or stylesheets.
    const inline = [...policy].filter(([, values]) => values.includes("'unsafe-inline'")).map(([name]) => name)
    expect(inline).toEqual(['style-src-attr'])
    const hashed = [...policy].filter(([, values]) => values.some((v) => /sha256-/.test(v))).map(([name]) => name)
    expect(hashed).toEqual(['style-src'])
  })

  it('names the style attributes the installed Agora SDK really sets', () => {
    const sdk = readFileSync(new URL('../../node_modules/agora-rtc-sdk-ng/AgoraRTC_N-production.js', import.meta.url), 'utf8')
    for (const { style } of ALLOWED_STYLE_ATTRIBUTES) expect(sdk).toContain(`setAttribute("style","${style}")`)
  })

  it('allows no plugins, no <base>, and no framing by any site', () => {
    expect(policy.get('object-src')).toEqual(["'none'"])
    expect(policy.get('base-uri')).toEqual(["'none'"])
    expect(policy.get('frame-ancestors')).toEqual(["'none'"])
  })

  it('connects only to our origin, our own blob: files and the listed endpoints, each over TLS and each with a reason', () => {
    expect(policy.get('connect-src')).toEqual(["'self'", ...CONNECT_SOURCES.map((c) => c.source)])
    for (const { source, why } of CONNECT_SOURCES) {
      expect(source).toMatch(/^blob:$|^(https|wss):\/\/[a-z0-9*.-]+\.(googleapis\.com|cloudfunctions\.net|agora\.io|sd-rtn\.com|twilio\.com)(:\*)?$/)
      expect(why.length).toBeGreaterThan(20)
    }
  })

  it('admits blob: only where attachments and the SDKs need it, and never for scripts', () => {
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:'])
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https://www.google.com/images/cleardot.gif'])
    expect(policy.get('media-src')).toContain('blob:')
    expect(policy.get('frame-src')).toEqual(['blob:'])
    expect(policy.get('script-src')).not.toContain('blob:')
  })

  it('differs for the emulators only by the loopback emulator origins in connect-src', () => {
    const origins = emulatorOrigins({ auth: 9099, firestore: 8080, functions: 5001 })
    const emulated = directives(withEmulatorOrigins(contentSecurityPolicy(), origins))
    expect(origins).toEqual(['http://127.0.0.1:9099', 'http://127.0.0.1:8080', 'http://127.0.0.1:5001'])
    expect(emulated.get('connect-src')).toEqual([...policy.get('connect-src')!, ...origins])
    emulated.delete('connect-src')
    expect([...emulated]).toEqual([...policy].filter(([name]) => name !== 'connect-src'))
  })
})
