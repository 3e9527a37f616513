import { describe, expect, it } from 'vitest'
import { chatMessageId, checkMessageText, compareMessages, countUnread, MESSAGE_TEXT_MAX, type OrderableMessage } from '../../functions/src/domain/chat'

describe('checkMessageText', () => {
  it('keeps line breaks inside a message and trims blank space around it', () => {
    expect(checkMessageText('  \nFirst line\nsecond 😀\n\n ')).toEqual({ ok: true, text: 'First line\nsecond 😀' })
  })

  it('refuses an empty or blank message', () => {
    expect(checkMessageText('')).toEqual({ ok: false, problem: 'Type a message first.' })
    expect(checkMessageText(' \n\t ')).toEqual({ ok: false, problem: 'Type a message first.' })
  })

  it(`accepts exactly ${MESSAGE_TEXT_MAX} characters and refuses one more, saying how many there are`, () => {
    expect(checkMessageText('a'.repeat(MESSAGE_TEXT_MAX)).ok).toBe(true)
    expect(checkMessageText('a'.repeat(MESSAGE_TEXT_MAX + 1))).toEqual({
      ok: false,
      problem: `Messages can be up to ${MESSAGE_TEXT_MAX} characters (this one has ${MESSAGE_TEXT_MAX + 1}).`,
    })
  })

  it('keeps markup as the plain text it is', () => {
    expect(checkMessageText('<img src=x onerror=alert(1)>')).toEqual({ ok: true, text: '<img src=x onerror=alert(1)>' })
  })
})

describe('chatMessageId', () => {
  it('is the same for the same send, so a retry writes the same document', () => {
    expect(chatMessageId('patient-abc', 's1', 4)).toBe(chatMessageId('patient-abc', 's1', 4))
    expect(chatMessageId('patient-abc', 's1', 4)).not.toBe(chatMessageId('patient-abc', 's1', 5))
  })
})

describe('compareMessages', () => {
  const m = (senderId: string, clientSeq: number, sentAtMs: number | null): OrderableMessage => ({ senderId, clientSeq, sentAtMs })

  it('orders by server time, whatever order the senders typed in', () => {
    const ordered = [m('b', 0, 2000), m('a', 7, 1000), m('b', 1, 3000)].sort(compareMessages)
    expect(ordered).toEqual([m('a', 7, 1000), m('b', 0, 2000), m('b', 1, 3000)])
  })

  it("keeps one sender's order by sequence when the server time is the same", () => {
    expect([m('a', 2, 1000), m('a', 1, 1000)].sort(compareMessages)).toEqual([m('a', 1, 1000), m('a', 2, 1000)])
  })

  it('puts pending messages (no server time yet) last, in the order they were typed', () => {
    const ordered = [m('a', 3, null), m('b', 0, 5000), m('a', 2, null)].sort(compareMessages)
    expect(ordered).toEqual([m('b', 0, 5000), m('a', 2, null), m('a', 3, null)])
  })
})

describe('countUnread', () => {
  const list = [
    { id: '1', senderId: 'me' },
    { id: '2', senderId: 'them' },
    { id: '3', senderId: 'them' },
    { id: '4', senderId: 'me' },
  ]

  it("counts others' messages after the last one seen, never one's own", () => {
    expect(countUnread(list, 'me', '2')).toBe(1)
    expect(countUnread(list, 'me', null)).toBe(2)
    expect(countUnread(list, 'me', '4')).toBe(0)
  })
})
