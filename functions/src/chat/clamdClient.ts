/**
 * A small clamd client: INSTREAM over TCP (clamd's documented protocol). The file is sent as length-prefixed
 * frames (`zINSTREAM\0`, then a 4-byte big-endian length and that many bytes per frame, then a zero length) and
 * clamd answers one line: `stream: OK`, `stream: <signature> FOUND` or `… ERROR`. No library: the protocol is a
 * dozen lines, and the well-known npm clients are unmaintained or spawn `clamdscan`.
 */
import { connect as connectTcp } from 'node:net'
import type { Duplex } from 'node:stream'

export type ScanVerdict = { verdict: 'clean' } | { verdict: 'infected'; signature: string }

export interface ClamdOptions {
  host: string
  port: number
  /** Gives up (and the scan fails closed) when clamd has not answered within this long. */
  timeoutMs?: number
  /** Opens the connection; a test passes a fake socket. */
  connect?: (host: string, port: number) => Duplex
}

/** clamd's limit on one frame is its StreamMaxLength; frames of 64 KiB keep memory flat whatever the file. */
const FRAME_BYTES = 64 * 1024

/** The bytes INSTREAM sends for `chunks`, in order: command, frames, terminator. */
export function* instreamFrames(chunks: Iterable<Uint8Array>): Generator<Uint8Array> {
  yield new TextEncoder().encode('zINSTREAM\0')
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length; at += FRAME_BYTES) {
      const frame = chunk.subarray(at, Math.min(chunk.length, at + FRAME_BYTES))
      const length = new Uint8Array(4)
      new DataView(length.buffer).setUint32(0, frame.length)
      yield length
      yield frame
    }
  }
  yield new Uint8Array(4)
}

/** Reads clamd's one-line answer. Anything but OK or FOUND (a size limit, a broken database) is an error. */
export function parseClamdReply(reply: string): ScanVerdict {
  const line = reply.replace(/\0/g, '').trim()
  if (/^stream: OK$/.test(line)) return { verdict: 'clean' }
  const found = /^stream: (.+) FOUND$/.exec(line)
  if (found) return { verdict: 'infected', signature: found[1]! }
  throw new Error(`clamd could not scan the file: ${line || 'no answer'}`)
}

/** Streams `chunks` to clamd and returns its verdict; rejects when clamd can't be reached or can't scan. */
export function scanWithClamd(chunks: Iterable<Uint8Array>, options: ClamdOptions): Promise<ScanVerdict> {
  const open = options.connect ?? ((host, port) => connectTcp({ host, port }))
  return new Promise((resolve, reject) => {
    const socket = open(options.host, options.port)
    let reply = ''
    let settled = false
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      fn()
    }
    const timer = setTimeout(
      () => finish(() => reject(new Error(`clamd did not answer within ${options.timeoutMs ?? 30_000} ms`))),
      options.timeoutMs ?? 30_000,
    )
    socket.on('error', (err) => finish(() => reject(new Error(`clamd is unreachable: ${err.message}`))))
    const answer = () =>
      finish(() => {
        try {
          resolve(parseClamdReply(reply))
        } catch (err) {
          reject(err as Error)
        }
      })
    socket.on('data', (data: Buffer) => {
      reply += data.toString('utf8')
      if (reply.includes('\0')) answer()
    })
    socket.on('end', answer)
    // Backpressure: wait for 'drain' so a large file is never buffered whole in the socket.
    const frames = instreamFrames(chunks)
    const pump = () => {
      for (let next = frames.next(); !next.done; next = frames.next()) {
        if (settled) return
        if (!socket.write(next.value)) {
          socket.once('drain', pump)
          return
        }
      }
    }
    pump()
  })
}
