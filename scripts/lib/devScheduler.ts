/**
 * The development scheduler: under `npm run dev`, runs every `onSchedule` function the functions export on its own
 * schedule, as Cloud Scheduler does once deployed.
 *
 * - Which functions, and when: read from the built functions' definitions (`__endpoint.scheduleTrigger`, see
 *   functionEndpoints.ts), so a new scheduled function runs here with no list to update.
 * - How: the same request Cloud Scheduler sends a v2 scheduled function (an HTTP POST with the
 *   `X-CloudScheduler-*` headers), made to the Functions emulator, which runs the function as deployed code. The
 *   emulator's other route (topics `firebase-schedule-<name>` on the Pub/Sub emulator) needs a second emulator and
 *   delivers a Pub/Sub message, not the HTTP request a deployed v2 scheduled function receives.
 * - What it did: a scheduled function logs one summary line (`logs.scheduledRun`, "reminders: 2 sent"); the
 *   scheduler reads it from the Logging emulator's stream and prints it beside the run.
 */
import { Cron } from 'croner'
import WebSocket from 'ws'
import { listFunctionEndpoints } from './functionEndpoints'

export interface ScheduledFunction {
  name: string
  region: string
  /** As written in the function: App Engine syntax (`every 5 minutes`) or a cron line (5 or 6 fields). */
  schedule: string
  timeZone: string | null
}

export interface ScheduledRun {
  name: string
  trigger: 'schedule' | 'manual'
  startedAt: Date
  finishedAt: Date
  /** The Functions emulator's HTTP status: 200 when the function finished without throwing. */
  status: number
  /** The function's own summary of the run, when it logged one. */
  summary: string | null
}

export interface DevSchedulerOptions {
  /** e.g. http://127.0.0.1:5001 */
  functionsOrigin: string
  projectId: string
  /** The Logging emulator's WebSocket (ws://127.0.0.1:4500), for the functions' summaries; none: no summaries. */
  loggingUrl?: string
  /** Defaults to every scheduled function of the built functions (functions/lib/index.js). */
  functions?: ScheduledFunction[]
  /** Where run lines go; default console.log. */
  print?: (line: string) => void
  /** How long to wait for a run's summary after the function returned. */
  summaryWaitMs?: number
  /** false: no timers, runs only with runNow (the `npm run scheduled` command). */
  follow?: boolean
}

export interface DevScheduler {
  functions: ScheduledFunction[]
  /** Every run so far, oldest first. */
  runs: ScheduledRun[]
  /** Runs one function now, outside its schedule ("send due reminders now"). */
  runNow(name: string): Promise<ScheduledRun>
  /** When each function runs next (null: a schedule this scheduler cannot follow; it still runs with runNow). */
  nextRuns(): { name: string; schedule: string; next: Date | null }[]
  stop(): Promise<void>
}

/** The scheduled functions among the built functions' exports. */
export function scheduledFunctions(): ScheduledFunction[] {
  return listFunctionEndpoints()
    .filter((fn) => fn.kind === 'schedule' && fn.schedule)
    .map((fn) => ({ name: fn.name, region: fn.region, schedule: fn.schedule!.schedule, timeZone: fn.schedule!.timeZone }))
}

/** A schedule this process can keep: a fixed interval, or a cron line. Null when the text is not understood. */
export type Timing = { kind: 'interval'; ms: number } | { kind: 'cron'; pattern: string }

const UNITS_MS: Record<string, number> = { second: 1_000, minute: 60_000, min: 60_000, hour: 3_600_000, hr: 3_600_000 }

/**
 * App Engine cron syntax as Cloud Scheduler reads it for `onSchedule` ("every 5 minutes", "every 2 hours",
 * "every day 09:00"), or a Unix cron line (a sixth, leading field is seconds, for short test schedules).
 */
export function parseSchedule(schedule: string): Timing | null {
  const text = schedule.trim().toLowerCase()
  const interval = /^every (\d+) (second|minute|min|hour|hr)s?$/.exec(text)
  if (interval) return { kind: 'interval', ms: Number(interval[1]) * UNITS_MS[interval[2]!]! }
  const daily = /^every day (\d{1,2}):(\d{2})$/.exec(text)
  if (daily) return { kind: 'cron', pattern: `${Number(daily[2])} ${Number(daily[1])} * * *` }
  const fields = text.split(/\s+/)
  if (fields.length === 5 || fields.length === 6) {
    try {
      new Cron(text, { paused: true }).stop()
      return { kind: 'cron', pattern: text }
    } catch {
      return null
    }
  }
  return null
}

const time = (d: Date) => d.toLocaleTimeString('en-GB', { hour12: false })

export function startDevScheduler(options: DevSchedulerOptions): DevScheduler {
  const print = options.print ?? ((line: string) => console.log(line))
  const functions = options.functions ?? scheduledFunctions()
  const summaryWaitMs = options.summaryWaitMs ?? 3_000
  const runs: ScheduledRun[] = []
  const running = new Map<string, Promise<ScheduledRun>>()
  const stops: (() => void)[] = []
  const nexts = new Map<string, () => Date | null>()

  // Summaries the functions logged, by trigger id (`us-central1-sendDueReminders`), newest last.
  const summaries: { triggerId: string; at: number; summary: string }[] = []
  const summaryWaiters = new Set<() => void>()
  let socket: WebSocket | null = null
  if (options.loggingUrl) {
    socket = new WebSocket(options.loggingUrl)
    socket.on('message', (raw) => {
      const bundle = JSON.parse(String(raw)) as {
        timestamp?: number
        data?: { user?: { message?: string; summary?: string }; metadata?: { function?: { name?: string } } }
      }
      const user = bundle.data?.user
      const triggerId = bundle.data?.metadata?.function?.name
      if (user?.message !== 'schedule.ran' || typeof user.summary !== 'string' || !triggerId) return
      summaries.push({ triggerId, at: bundle.timestamp ?? Date.now(), summary: user.summary })
      summaryWaiters.forEach((wake) => wake())
    })
    // The dev output must not die with the log stream: summaries are a nicety, runs go on without them.
    socket.on('error', () => {})
  }

  async function summaryFor(fn: ScheduledFunction, since: number): Promise<string | null> {
    const triggerId = `${fn.region}-${fn.name}`
    const find = () => summaries.find((s) => s.triggerId === triggerId && s.at >= since)?.summary ?? null
    const deadline = Date.now() + (socket ? summaryWaitMs : 0)
    for (;;) {
      const found = find()
      if (found !== null || Date.now() >= deadline) return found
      await new Promise<void>((resolve) => {
        const wake = () => (summaryWaiters.delete(wake), clearTimeout(timer), resolve())
        const timer = setTimeout(wake, Math.max(0, deadline - Date.now()))
        summaryWaiters.add(wake)
      })
    }
  }

  // The emulator registers a scheduled function under `<region>-<name>-<generation>`, the generation counting its
  // reloads (each functions rebuild under `npm run dev`). It names every key it knows when asked for one it doesn't.
  const triggerKeys = new Map<string, string>()
  const triggerUrl = (key: string) => `${options.functionsOrigin}/functions/projects/${options.projectId}/triggers/${key}`
  async function currentTriggerKey(fn: ScheduledFunction): Promise<string | null> {
    const response = await fetch(triggerUrl(`${fn.region}-${fn.name}`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    const text = await response.text()
    const keys = /valid functions are: (.*)$/s.exec(text)?.[1]?.split(/,\s*/) ?? []
    const prefix = `${fn.region}-${fn.name}-`
    const generations = keys.filter((k) => k.startsWith(prefix) && /^\d+$/.test(k.slice(prefix.length))).map((k) => Number(k.slice(prefix.length)))
    return generations.length ? `${prefix}${Math.max(...generations)}` : null
  }

  /** Cloud Scheduler's request to a v2 scheduled function; the emulator runs the function's HTTP handler with it. */
  async function postToTrigger(fn: ScheduledFunction, scheduleTime: Date): Promise<number> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const key = triggerKeys.get(fn.name) ?? (await currentTriggerKey(fn))
      if (!key) return 404
      const response = await fetch(triggerUrl(key), {
        method: 'POST',
        headers: {
          'X-CloudScheduler-JobName': `firebase-schedule-${fn.name}-${fn.region}`,
          'X-CloudScheduler-ScheduleTime': scheduleTime.toISOString(),
          'content-type': 'application/json',
        },
        body: '{}',
      })
      await response.arrayBuffer()
      // A reload since the last run: look the key up again, once.
      if (response.status === 404 && triggerKeys.has(fn.name)) {
        triggerKeys.delete(fn.name)
        continue
      }
      if (response.status !== 404) triggerKeys.set(fn.name, key)
      return response.status
    }
    return 404
  }

  async function invoke(fn: ScheduledFunction, trigger: ScheduledRun['trigger']): Promise<ScheduledRun> {
    const startedAt = new Date()
    // Log timestamps are the emulator's clock (the same machine); a little slack for the millisecond they round to.
    const since = startedAt.getTime() - 1_000
    let status = 0
    try {
      status = await postToTrigger(fn, startedAt)
    } catch {
      status = 0
    }
    const summary = status === 200 ? await summaryFor(fn, since) : null
    const run: ScheduledRun = { name: fn.name, trigger, startedAt, finishedAt: new Date(), status, summary }
    runs.push(run)
    const took = `${((run.finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(1)} s`
    const outcome =
      status === 200 ? (summary ?? 'done (it logged no summary)') : status === 0 ? 'failed: the Functions emulator did not answer' : `failed (HTTP ${status}); see the functions output above`
    print(`  ⏰ ${time(startedAt)} ${fn.name}${trigger === 'manual' ? ' (run by hand)' : ''}: ${outcome}  [${took}]`)
    return run
  }

  /** One run at a time per function, as Cloud Scheduler waits for an attempt; a tick that finds one running is skipped. */
  function runOnce(fn: ScheduledFunction, trigger: ScheduledRun['trigger']): Promise<ScheduledRun> {
    const current = running.get(fn.name)
    if (current) return current
    const next = invoke(fn, trigger).finally(() => running.delete(fn.name))
    running.set(fn.name, next)
    return next
  }

  for (const fn of options.follow === false ? [] : functions) {
    const timing = parseSchedule(fn.schedule)
    if (!timing) {
      print(`  ⚠ ${fn.name}: schedule "${fn.schedule}" is not one this scheduler understands; it runs only by hand.`)
      nexts.set(fn.name, () => null)
    } else if (timing.kind === 'interval') {
      let next = Date.now() + timing.ms
      const timer = setInterval(() => {
        next = Date.now() + timing.ms
        void runOnce(fn, 'schedule')
      }, timing.ms)
      timer.unref()
      stops.push(() => clearInterval(timer))
      nexts.set(fn.name, () => new Date(next))
    } else {
      const job = new Cron(timing.pattern, { ...(fn.timeZone ? { timezone: fn.timeZone } : {}), unref: true }, () => void runOnce(fn, 'schedule'))
      stops.push(() => job.stop())
      nexts.set(fn.name, () => job.nextRun())
    }
  }

  return {
    functions,
    runs,
    runNow(name) {
      const fn = functions.find((f) => f.name === name)
      if (!fn) return Promise.reject(new Error(`No scheduled function named ${name}. Scheduled: ${functions.map((f) => f.name).join(', ') || 'none'}.`))
      return runOnce(fn, 'manual')
    },
    nextRuns: () => functions.map((fn) => ({ name: fn.name, schedule: fn.schedule, next: nexts.get(fn.name)?.() ?? null })),
    async stop() {
      stops.splice(0).forEach((stop) => stop())
      await Promise.allSettled(running.values())
      socket?.terminate()
    },
  }
}

/**
 * Prints the scheduled functions with their schedules and next runs, and lets a key run one now: 1 for the first,
 * 2 for the second… (digits, which Vite's own shortcuts leave alone). Needs a terminal; elsewhere it only prints.
 */
export function announceAndBindKeys(scheduler: DevScheduler, stdin: NodeJS.ReadStream = process.stdin): () => void {
  const list = scheduler.nextRuns()
  if (list.length === 0) {
    console.log('  No scheduled functions.')
    return () => {}
  }
  console.log('  Scheduled functions run here on their schedules, through the Functions emulator:')
  list.forEach(({ name, schedule, next }, i) =>
    console.log(`    ${i + 1}  ${name}  (${schedule}${next ? `; next at ${time(next)}` : ''})`),
  )
  if (!stdin.isTTY) {
    console.log('  Run one now with `npm run scheduled -- <name>` in another terminal.')
    return () => {}
  }
  console.log('  Press its number to run one now (or `npm run scheduled -- <name>` in another terminal).')
  stdin.setRawMode(true)
  stdin.resume()
  const onKey = (key: Buffer) => {
    const text = key.toString('utf8')
    // Raw mode swallows Ctrl-C's signal: pass it on, so Ctrl-C still stops everything.
    if (text === '\u0003') return void process.kill(process.pid, 'SIGINT')
    const index = Number(text) - 1
    const fn = scheduler.functions[index]
    if (/^[1-9]$/.test(text) && fn) void scheduler.runNow(fn.name)
  }
  stdin.on('data', onKey)
  return () => {
    stdin.off('data', onKey)
    if (stdin.isTTY) stdin.setRawMode(false)
    stdin.pause()
  }
}
