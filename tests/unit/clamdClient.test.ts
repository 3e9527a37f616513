import { Duplex } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { instreamFrames, parseClamdReply, scanWithClamd } from '../../functions/src/chat/clamdClient'

/** A socket that records what is written and answers as clamd would once the terminating zero frame arrives. */
class FakeClamdSocket extends Duplex {
  written = Buffer.alloc(0)
  constructor(private readonly answer: string | null) {
    super()
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
    this.written = Buffer.concat([this.written, chunk])
    if (this.answer !== null && this.written.length > 14 && this.written.subarray(-4).equals(Buffer.alloc(4))) {
      setImmediate(() => this.push(Buffer.from(this.answer!)))
    }
    done()
  }
  override _read() {}
}

/** Decodes INSTREAM framing: the command, then each frame's payload until the zero-length terminator. */
function decodeInstream(bytes: Buffer): { command: string; frames: Buffer[]; trailing: number } {
  const command = bytes.subarray(0, 10).toString('latin1')
  const frames: Buffer[] = []
  let at = 10
  for (;;) {
    const length = bytes.readUInt32BE(at)
    at += 4
    if (length === 0) break
    frames.push(bytes.subarray(at, at + length))
    at += length
  }
  return { command, frames, trailing: bytes.length - at }
}

describe('INSTREAM framing', () => {
  it('sends the command, length-prefixed frames of at most 64 KiB, and a zero-length end', async () => {
    const file = Buffer.alloc(150 * 1024, 0xab)
    const socket = new FakeClamdSocket('stream: OK\0')
    const verdict = await scanWithClamd([file.subarray(0, 100_000), file.subarray(100_000)], { host: 'h', port: 1, connect: () => socket })
    expect(verdict).toEqual({ verdict: 'clean' })
    const decoded = decodeInstream(socket.written)
    expect(decoded.command).toBe('zINSTREAM\0')
    expect(decoded.trailing).toBe(0)
    expect(decoded.frames.every((f) => f.length <= 64 * 1024)).toBe(true)
    expect(Buffer.concat(decoded.frames).equals(file)).toBe(true)
  })

  it('an empty file is the command and the terminator only', () => {
    const bytes = Buffer.concat([...instreamFrames([new Uint8Array(0)])])
    expect(bytes.equals(Buffer.concat([Buffer.from('zINSTREAM\0'), Buffer.alloc(4)]))).toBe(true)
  })

  it('reports the signature clamd found', async () => {
    const socket = new FakeClamdSocket('stream: Eicar-Test-Signature FOUND\0')
    await expect(scanWithClamd([Buffer.from('x')], { host: 'h', port: 1, connect: () => socket })).resolves.toEqual({
      verdict: 'infected',
      signature: 'Eicar-Test-Signature',
    })
  })

  it('fails (never "clean") on an error reply, a closed socket or no answer in time', async () => {
    await expect(
      scanWithClamd([Buffer.from('x')], { host: 'h', port: 1, connect: () => new FakeClamdSocket('INSTREAM size limit exceeded. ERROR\0') }),
    ).rejects.toThrow('clamd could not scan the file: INSTREAM size limit exceeded. ERROR')
    const closing = new FakeClamdSocket(null)
    setImmediate(() => closing.push(null))
    await expect(scanWithClamd([Buffer.from('x')], { host: 'h', port: 1, connect: () => closing })).rejects.toThrow('no answer')
    await expect(
      scanWithClamd([Buffer.from('x')], { host: 'h', port: 1, timeoutMs: 50, connect: () => new FakeClamdSocket(null) }),
    ).rejects.toThrow('clamd did not answer within 50 ms')
  })

  it('fails when clamd cannot be reached', async () => {
    await expect(scanWithClamd([Buffer.from('x')], { host: '127.0.0.1', port: 1 })).rejects.toThrow(/clamd is unreachable/)
  })

  it('reads the one-line replies', () => {
    expect(parseClamdReply('stream: OK\0')).toEqual({ verdict: 'clean' })
    expect(() => parseClamdReply('')).toThrow('no answer')
  })
})
