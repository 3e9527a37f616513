/**
 * What the built functions export, read from the definitions themselves (firebase-functions puts each function's
 * deployment manifest on `__endpoint`, which is what `firebase deploy` reads too), so nothing keeps a second list:
 * the dev scheduler finds every `onSchedule` function here, and the callable role matrix checks it covers every
 * callable.
 *
 * The module is loaded in a child Node process: it calls `initializeApp()` at load, which must not touch the
 * caller's own Firebase apps.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface FunctionEndpoint {
  name: string
  kind: 'callable' | 'https' | 'schedule' | 'event' | 'other'
  /** The first region it deploys to (the emulator serves it there). */
  region: string
  /** For `schedule`: the schedule as written (`every 5 minutes`, or a cron line) and its time zone, if set. */
  schedule?: { schedule: string; timeZone: string | null }
}

const FUNCTIONS_ENTRY = fileURLToPath(new URL('../../functions/lib/index.js', import.meta.url))

// Runs in the child: prints one JSON array describing every export that carries an endpoint.
const LIST = `
const exported = require(process.argv[1])
const out = []
for (const [name, fn] of Object.entries(exported)) {
  const ep = fn && fn.__endpoint
  if (!ep) continue
  const kind = ep.callableTrigger ? 'callable' : ep.scheduleTrigger ? 'schedule' : ep.httpsTrigger ? 'https' : ep.eventTrigger ? 'event' : 'other'
  const region = Array.isArray(ep.region) && typeof ep.region[0] === 'string' ? ep.region[0] : 'us-central1'
  const entry = { name, kind, region }
  if (ep.scheduleTrigger) {
    const s = ep.scheduleTrigger
    entry.schedule = { schedule: typeof s.schedule === 'string' ? s.schedule : String(s.schedule), timeZone: typeof s.timeZone === 'string' ? s.timeZone : null }
  }
  out.push(entry)
}
process.stdout.write(JSON.stringify(out))
`

/** Every exported function of the built `functions/lib/index.js` (build the functions first). */
export function listFunctionEndpoints(entry = FUNCTIONS_ENTRY): FunctionEndpoint[] {
  const json = execFileSync(process.execPath, ['-e', LIST, entry], {
    // A project id keeps firebase-admin quiet at load; nothing is called.
    env: { ...process.env, GCLOUD_PROJECT: process.env.GCLOUD_PROJECT ?? 'demo-telehealth' },
    encoding: 'utf8',
  })
  return JSON.parse(json) as FunctionEndpoint[]
}
