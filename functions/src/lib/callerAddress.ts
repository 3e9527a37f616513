import { isIP } from 'node:net'

/**
 * Who is calling, as far as an address can tell: the key for per-caller rate limits on public callables.
 *
 * Which X-Forwarded-For entry to trust: the LAST one. In front of Cloud Functions (2nd gen, on Cloud Run) Google's
 * front end adds the address of the client that connected to it at the right-hand end of X-Forwarded-For;
 * everything to its left came from the client and can say anything. `req.ip` is no better: the functions framework
 * (and the emulator) enable Express's `trust proxy`, which makes `req.ip` the LEFTMOST entry, the one a client
 * writes itself. So we read the header ourselves and fall back to `req.ip` (then the socket) only when there is no
 * usable header.
 *
 * This holds only when the function is called directly at its Google URL, as the web app's callables are. Behind a
 * proxy of our own (a load balancer, a CDN) the client would be one entry further left per proxy, and this function
 * would have to skip them. In the emulator nothing adds an entry, so the last entry is whatever the caller sent:
 * the functions tests use that to act as different callers from 127.0.0.1. That is a test convenience and is
 * trustworthy only behind Google's front end.
 *
 * IPv6 callers are keyed by their /64 network: one subscriber usually holds a whole /64 and can pick any address in
 * it, so limiting single IPv6 addresses would limit nothing. IPv4-mapped IPv6 addresses count as the IPv4 address.
 */
export function callerAddress(req: CallerRequest): string {
  const forwarded = lastForwardedFor(req.headers?.['x-forwarded-for'])
  return addressKey(forwarded) ?? addressKey(req.ip) ?? addressKey(req.socket?.remoteAddress) ?? 'unknown'
}

/** The parts of an Express / Node request this reads; all optional, so a test or an odd request never makes it throw. */
export interface CallerRequest {
  headers?: Record<string, string | string[] | undefined>
  ip?: string
  socket?: { remoteAddress?: string }
}

function lastForwardedFor(header: string | string[] | undefined): string | undefined {
  // Repeated headers arrive as an array (or joined by Node with ", "); either way the last entry is the newest.
  const joined = Array.isArray(header) ? header.join(',') : header
  const entries = (joined ?? '').split(',').map((e) => e.trim()).filter(Boolean)
  return entries[entries.length - 1]
}

/** The rate-limit key for one address, or null when `raw` is not an IP address. */
function addressKey(raw: string | undefined): string | null {
  if (!raw) return null
  let address = raw.trim()
  // "[2001:db8::1]:443" and "203.0.113.7:51234" (some proxies include the port), "fe80::1%eth0" (a zone).
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address)
  if (bracketed) address = bracketed[1]!
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'))
  address = address.replace(/%.*$/, '')

  const version = isIP(address)
  if (version === 4) return address
  if (version !== 6) return null
  const groups = expandIpv6(address)
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
    const [hi, lo] = [parseInt(groups[6]!, 16), parseInt(groups[7]!, 16)]
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.')
  }
  return `${groups.slice(0, 4).join(':')}::/64`
}

/** The eight groups of a valid IPv6 address, lower-case hex without leading zeros ("0" for zero). */
function expandIpv6(address: string): string[] {
  let text = address.toLowerCase()
  // An embedded IPv4 tail ("::ffff:192.0.2.1") stands for the last two groups.
  const ipv4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)
  if (ipv4) {
    const [a, b, c, d] = ipv4.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, ipv4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.split('::') as [string, string | undefined]
  const headGroups = head ? head.split(':') : []
  const tailGroups = tail ? tail.split(':') : []
  const zeros = tail === undefined ? [] : Array(8 - headGroups.length - tailGroups.length).fill('0')
  return [...headGroups, ...zeros, ...tailGroups].map((g) => parseInt(g, 16).toString(16))
}
