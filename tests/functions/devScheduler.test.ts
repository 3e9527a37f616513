/**
 * The development scheduler (`npm run dev`) finds the scheduled functions in the functions' own definitions and
 * runs them on their schedules through the Functions emulator, as Cloud Scheduler runs them once deployed. Here
 * the real sendDueReminders runs on a two-second test schedule and sends a reminder that falls due.
 */
import { randomInt } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { parseSchedule, scheduledFunctions, startDevScheduler, type DevScheduler, type ScheduledRun } from '../../scripts/lib/devScheduler'
import { PROJECT_ID, ports } from '../../scripts/lib/emulators'
import { uniqueId } from '../factories/ids'
import { aPatient, aPractice, aPracticeSettings, anAppointment } from '../factories/practice'
import { admin, eventually } from './support/emulators'

const HOUR = 3_600_000
const functionsOrigin = `http://${process.env.FUNCTIONS_EMULATOR_HOST ?? `127.0.0.1:${ports.functions}`}`
let scheduler: DevScheduler | undefined
afterAll(async () => {
  await scheduler?.stop()
})

describe('the development scheduler', () => {
  it('finds every scheduled function in the functions’ definitions, with its schedule', () => {
    const found = scheduledFunctions()
    expect(found).toContainEqual({ name: 'sendDueReminders', region: 'us-central1', schedule: 'every 5 minutes', timeZone: null })
    for (const fn of found) expect(parseSchedule(fn.schedule), `${fn.name}: ${fn.schedule}`).not.toBeNull()
  })

  it('reads App Engine schedules and cron lines', () => {
    expect(parseSchedule('every 5 minutes')).toEqual({ kind: 'interval', ms: 5 * 60_000 })
    expect(parseSchedule('every 1 hours')).toEqual({ kind: 'interval', ms: HOUR })
    expect(parseSchedule('every day 09:30')).toEqual({ kind: 'cron', pattern: '30 9 * * *' })
    expect(parseSchedule('0 3 * * 1')).toEqual({ kind: 'cron', pattern: '0 3 * * 1' })
    expect(parseSchedule('whenever it likes')).toBeNull()
  })

  it('runs sendDueReminders on its schedule and the reminder that falls due is sent, with the run summarised', { timeout: 240_000 }, async () => {
    // A phone appointment two hours and a minute from now: its two-hour SMS reminder falls due in a minute
    // (time enough for planReminders to plan it first, on a loaded machine).
    const db = admin().db
    const practiceId = uniqueId('fn-scheduler')
    await db.doc(`practices/${practiceId}`).set(aPractice({ settings: aPracticeSettings({ reminderOffsetsHours: [2] }) }))
    const patientId = uniqueId('patient')
    const mobile = `+614${String(randomInt(10_000_000, 99_999_999))}`
    const patient = aPatient({ mobile })
    await db.doc(`practices/${practiceId}/patients/${patientId}`).set(patient)
    const appointmentId = uniqueId('appointment')
    const start = new Date(Date.now() + 2 * HOUR + 60_000)
    await db.doc(`practices/${practiceId}/appointments/${appointmentId}`).set(
      anAppointment({ start, location: 'phone', patients: [{ id: patientId, firstName: patient.firstName, lastName: patient.lastName }] }),
    )
    const reminders = db.collection(`practices/${practiceId}/appointments/${appointmentId}/reminders`)
    const planned = await eventually(async () => {
      const snap = await reminders.where('channel', '==', 'sms').get()
      return snap.empty ? undefined : snap.docs[0]!
    }, 60_000)
    expect(planned.get('state')).toBe('scheduled')

    // The definitions as read, on a test schedule of every two seconds (a cron line with seconds).
    const lines: string[] = []
    const definitions = scheduledFunctions().filter((fn) => fn.name === 'sendDueReminders')
    scheduler = startDevScheduler({
      functionsOrigin,
      projectId: PROJECT_ID,
      loggingUrl: `ws://127.0.0.1:${ports.logging}`,
      functions: definitions.map((fn) => ({ ...fn, schedule: '*/2 * * * * *' })),
      print: (line) => void lines.push(line),
    })
    const startedAt = Date.now()

    // Within its period, a run has happened on the schedule (nobody called runNow).
    const first = await eventually<ScheduledRun>(async () => scheduler!.runs[0], 30_000)
    expect(first).toMatchObject({ name: 'sendDueReminders', trigger: 'schedule', status: 200 })
    expect(first.startedAt.getTime()).toBeGreaterThanOrEqual(startedAt)

    // Later runs send the reminder once it is due, through the function as deployed (the emulator's fake Twilio).
    const sent = await eventually(async () => ((await reminders.doc(planned.id).get()).get('state') === 'sent' ? true : undefined), 150_000)
    expect(sent).toBe(true)
    const sending = await eventually(async () => scheduler!.runs.find((run) => /reminders: .*[1-9]\d* sent/.test(run.summary ?? '')), 10_000)
    expect(sending.trigger).toBe('schedule')
    expect(lines.some((line) => line.includes('sendDueReminders') && /[1-9]\d* sent/.test(line))).toBe(true)
    // npm test runs the fake Twilio the Functions emulator sends through, and says where (FAKE_TWILIO_URL).
    const messages = (await (await fetch(`${process.env.FAKE_TWILIO_URL}/__messages`)).json()) as { to: string }[]
    expect(messages.filter((m) => m.to === mobile)).toHaveLength(1)
  })
})
