import { describe, expect, it } from 'vitest'
import { conferenceTwiml, refusalTwiml } from '../../functions/src/phone/voiceTwiml'

/** A minimal XML reader for the few TwiML shapes the webhook answers: element names, attributes and text. */
interface Element {
  name: string
  attrs: Record<string, string>
  text: string
  children: Element[]
}
function parseXml(xml: string): Element {
  const root: Element = { name: '#root', attrs: {}, text: '', children: [] }
  const stack = [root]
  const body = xml.replace(/^<\?xml[^>]*\?>/, '')
  const token = /<(\/?)([A-Za-z]+)([^>]*?)(\/?)>|([^<]+)/g
  for (let m = token.exec(body); m; m = token.exec(body)) {
    const [, closing, name, rawAttrs, selfClosing, text] = m
    const top = stack[stack.length - 1]!
    if (text !== undefined) top.text += text
    else if (closing) stack.pop()
    else {
      const attrs = Object.fromEntries([...rawAttrs!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]))
      const element: Element = { name: name!, attrs, text: '', children: [] }
      top.children.push(element)
      if (!selfClosing) stack.push(element)
    }
  }
  return root.children[0]!
}

describe('voice webhook TwiML', () => {
  it('puts the browser leg alone in a conference named after its call, ending it when the browser leaves', () => {
    const response = parseXml(conferenceTwiml('CA0123456789abcdef0123456789abcdef'))
    expect(response.name).toBe('Response')
    expect(response.children.map((c) => c.name)).toEqual(['Dial'])
    const conference = response.children[0]!.children[0]!
    expect(conference.name).toBe('Conference')
    expect(conference.text).toBe('CA0123456789abcdef0123456789abcdef')
    expect(conference.attrs).toMatchObject({ startConferenceOnEnter: 'true', endConferenceOnExit: 'true', beep: 'false', waitUrl: '', record: 'do-not-record' })
  })

  it('answers a refusal with what was refused, then hangs up without dialling anyone', () => {
    const response = parseXml(refusalTwiml('You may not call from this number.'))
    expect(response.children.map((c) => c.name)).toEqual(['Say', 'Hangup'])
    expect(response.children[0]!.text).toBe('You may not call from this number.')
  })

  it('escapes what it says', () => {
    expect(refusalTwiml('a < b & c')).toContain('a &lt; b &amp; c')
  })
})
