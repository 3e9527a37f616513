/**
 * A fake of Twilio's Messaging API on 127.0.0.1, so that dev and tests send SMS through the real `twilio` SDK without
 * ever reaching the network. It records POST /2010-04-01/Accounts/{sid}/Messages.json and answers as Twilio does:
 * 201 with a message resource (sid "SM…", status "queued"), or a Twilio error body with HTTP 400 when told to fail.
 *
 * With `voice` options it is also the local Twilio Voice for the browser phone (tests/support/fakeTwilioVoice.ts).
 *
 * In-process: `startFakeTwilio({ port })`. As a child process: `tsx tests/support/fakeTwilio.ts --port 4599`; other
 * processes then read and steer it over HTTP: GET /__messages, DELETE /__messages, POST /__failNext {code, message}.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { createVoiceStandIn, type VoiceOptions, type VoiceStandIn } from './fakeTwilioVoice'

export interface FakeTwilioMessage {
  to: string
  from: string
  body: string
  messagingServiceSid?: string
  /** The message SID the fake answered with. */
  sid: string
  accountSid: string
}

export interface FakeTwilio {
  /** Base URL, e.g. http://127.0.0.1:4599: the value for TWILIO_API_BASE_URL. */
  url: string
  messages: FakeTwilioMessage[]
  /** The next send fails with this Twilio error code and message (HTTP 400), as Twilio reports e.g. an invalid number. */
  failNext(code: number, message: string): void
  /** The Voice stand-in, when started with `voice` options. */
  voice: VoiceStandIn | null
  close(): Promise<void>
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[A-Za-z0-9]+)\/Messages\.json$/

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}

function twilioError(res: ServerResponse, status: number, code: number, message: string) {
  json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status })
}

function basicAuthUser(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? ''
  if (!header.startsWith('Basic ')) return null
  const [user, password] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')
  return user && password ? user : null
}

/**
 * The voice options the emulator harness uses: the emulator's phoneVoice function as the TwiML App's Voice URL, and
 * the emulator's own secrets (functions/.secret.local, which `prepareEmulators` puts in the environment).
 */
export function emulatorVoiceOptions(functionsPort: number, projectId: string): VoiceOptions {
  return {
    voiceUrl: `http://127.0.0.1:${functionsPort}/${projectId}/us-central1/phoneVoice`,
    authToken: process.env.TWILIO_AUTH_TOKEN ?? '',
    apiKeySecret: process.env.TWILIO_API_KEY_SECRET ?? '',
  }
}

export async function startFakeTwilio({ port = 0, voice }: { port?: number; voice?: VoiceOptions } = {}): Promise<FakeTwilio> {
  const messages: FakeTwilioMessage[] = []
  const voiceStandIn = voice ? createVoiceStandIn(voice) : null
  const failures: { code: number; message: string }[] = []

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { message: String(err) })
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    if (path === '/__messages' && req.method === 'GET') return json(res, 200, messages)
    if (path === '/__messages' && req.method === 'DELETE') {
      messages.length = 0
      return json(res, 200, { cleared: true })
    }
    if (path === '/__failNext' && req.method === 'POST') {
      const { code, message } = JSON.parse((await readBody(req)) || '{}') as { code?: number; message?: string }
      failures.push({ code: Number(code ?? 21211), message: String(message ?? 'The message could not be sent.') })
      return json(res, 200, { queued: failures.length })
    }
    if (voiceStandIn && (await voiceStandIn.handle(req, res, path))) return

    const match = MESSAGES_PATH.exec(path)
    if (!match) return twilioError(res, 404, 20404, `The requested resource ${path} was not found`)
    if (req.method !== 'POST') return twilioError(res, 405, 20004, 'Method not allowed')
    const accountSid = match[1]!
    if (basicAuthUser(req) !== accountSid) return twilioError(res, 401, 20003, 'Authenticate')

    const form = new URLSearchParams(await readBody(req))
    const to = form.get('To') ?? ''
    const from = form.get('From') ?? ''
    const body = form.get('Body') ?? ''
    const messagingServiceSid = form.get('MessagingServiceSid') ?? undefined
    if (!to) return twilioError(res, 400, 21604, "A 'To' phone number is required.")
    if (!from && !messagingServiceSid) return twilioError(res, 400, 21603, "A 'From' phone number is required.")
    if (!body) return twilioError(res, 400, 21602, 'Message body is required.')
    const failure = failures.shift()
    if (failure) return twilioError(res, 400, failure.code, failure.message)

    const sid = `SM${randomBytes(16).toString('hex')}`
    messages.push({ to, from, body, ...(messagingServiceSid ? { messagingServiceSid } : {}), sid, accountSid })
    const now = new Date().toUTCString()
    json(res, 201, {
      sid,
      account_sid: accountSid,
      api_version: '2010-04-01',
      body,
      date_created: now,
      date_updated: now,
      date_sent: null,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: from || null,
      messaging_service_sid: messagingServiceSid ?? null,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      status: messagingServiceSid && !from ? 'accepted' : 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    })
  }

  // 127.0.0.1 only: the fake must never be reachable from another machine.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const { port: actual } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${actual}`,
    messages,
    failNext(code, message) {
      failures.push({ code, message })
    },
    voice: voiceStandIn,
    close: () =>
      new Promise<void>((resolve) => {
        voiceStandIn?.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** `tsx tests/support/fakeTwilio.ts --port N`: runs until SIGINT/SIGTERM. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  const flag = argv.indexOf('--port')
  const port = Number(flag >= 0 ? argv[flag + 1] : (process.env.FAKE_TWILIO_PORT ?? 4599))
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port ${String(argv[flag + 1])}`)
  const fake = await startFakeTwilio({ port })
  console.log(`Fake Twilio listening on ${fake.url}`)
  const stop = () => void fake.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err)
    process.exit(1)
  })
}
