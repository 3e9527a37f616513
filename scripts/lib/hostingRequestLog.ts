import type { Readable, Writable } from 'node:stream'
import { createInterface } from 'node:readline'

/** The Hosting emulator's access log: one line per request ("i  hosting: 127.0.0.1 - - [date] "GET /…" …"). */
const ACCESS_LOG_LINE = /\bhosting: \d+\.\d+\.\d+\.\d+ - - \[/

/**
 * Copies the emulators' output to `to` without the Hosting emulator's per-request access log, which firebase-tools
 * cannot turn off and which would bury the test results under thousands of lines. Everything else (emulator
 * errors, vitest's report) passes through.
 */
export function withoutHostingAccessLog(from: Readable, to: Writable): void {
  createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
    if (!ACCESS_LOG_LINE.test(line)) to.write(`${line}\n`)
  })
}
