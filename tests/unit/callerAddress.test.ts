import { describe, expect, it } from 'vitest'
import { callerAddress } from '../../functions/src/lib/callerAddress'

describe('caller address', () => {
  it("trusts the last X-Forwarded-For entry, the one Google's front end adds, not what the client wrote", () => {
    expect(callerAddress({ headers: { 'x-forwarded-for': '203.0.113.7' }, ip: '10.0.0.1' })).toBe('203.0.113.7')
    expect(callerAddress({ headers: { 'x-forwarded-for': '1.2.3.4, 5.6.7.8,  198.51.100.20 ' }, ip: '1.2.3.4' })).toBe('198.51.100.20')
    expect(callerAddress({ headers: { 'x-forwarded-for': ['1.2.3.4', '198.51.100.20'] } })).toBe('198.51.100.20')
  })

  it('falls back to req.ip, then the socket, when the header is missing, empty or not an address', () => {
    expect(callerAddress({ headers: {}, ip: '192.0.2.1' })).toBe('192.0.2.1')
    expect(callerAddress({ headers: { 'x-forwarded-for': ' , ' }, ip: '192.0.2.1' })).toBe('192.0.2.1')
    expect(callerAddress({ headers: { 'x-forwarded-for': '1.2.3.4, not-an-ip' }, ip: '192.0.2.1' })).toBe('192.0.2.1')
    expect(callerAddress({ headers: {}, socket: { remoteAddress: '192.0.2.2' } })).toBe('192.0.2.2')
  })

  it('never throws: a request with nothing usable is "unknown"', () => {
    expect(callerAddress({})).toBe('unknown')
    expect(callerAddress({ headers: { 'x-forwarded-for': '999.1.1.1' }, ip: '' })).toBe('unknown')
  })

  it('drops ports and zones, and counts IPv4-mapped IPv6 as the IPv4 address', () => {
    expect(callerAddress({ headers: { 'x-forwarded-for': '203.0.113.7:51234' } })).toBe('203.0.113.7')
    expect(callerAddress({ headers: {}, ip: '::ffff:127.0.0.1' })).toBe('127.0.0.1')
    expect(callerAddress({ headers: {}, ip: '::ffff:7f00:1' })).toBe('127.0.0.1')
    expect(callerAddress({ headers: { 'x-forwarded-for': '[2001:db8:aa:bb::1]:443' } })).toBe('2001:db8:aa:bb::/64')
    expect(callerAddress({ headers: { 'x-forwarded-for': 'fe80::1%eth0' } })).toBe('fe80:0:0:0::/64')
  })

  it('keys IPv6 callers by their /64, so one subscriber cannot rotate through its addresses', () => {
    const a = callerAddress({ headers: { 'x-forwarded-for': '2001:db8:1:2:aaaa::1' } })
    const b = callerAddress({ headers: { 'x-forwarded-for': '2001:0DB8:0001:0002:ffff:ffff:ffff:ffff' } })
    const other = callerAddress({ headers: { 'x-forwarded-for': '2001:db8:1:3::1' } })
    expect(a).toBe('2001:db8:1:2::/64')
    expect(b).toBe(a)
    expect(other).not.toBe(a)
    expect(callerAddress({ headers: { 'x-forwarded-for': '::1' } })).toBe('0:0:0:0::/64')
  })
})
