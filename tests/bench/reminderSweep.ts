/**
 * Bench: one reminder sweep over a practice with 10,000 appointments, 1,000 of which have a reminder due, and a
 * smaller sweep with 100 due in the same practice. Reports wall time and the documents the sweep read (counted by
 * the sweep itself: query results, then per reminder the reminder, appointment and patient, plus the practice and
 * template once). Reads should follow the due reminders, not the 10,000 appointments.
 *
 * Runs against the emulators of `npm run bench` (its own emulator suite). Function triggers are paused while
 * seeding so that planReminders doesn't re-plan 10,000 appointments; the outbox is seeded as it would have planned it.
 */
import { getApps, initializeApp } from 'firebase-admin/app'
import { getFirestore, Timestamp, type WriteBatch } from 'firebase-admin/firestore'
import { plannedReminders } from '../../functions/src/domain/reminder'
import { newSweepStats } from '../../functions/src/reminders/sendContext'
import { runReminderSweep } from '../../functions/src/reminders/runReminderSweep'
import { aPatient, aPractice } from '../factories/practice'
import { uniqueId } from '../factories/ids'
import { setTriggers } from './emulatorTriggers'

const HOUR = 3_600_000
const APPOINTMENTS = 10_000
const DUE = 1_000
const SMALL_DUE = 100
const PATIENTS = 100

export interface ReminderSweepFigures {
  appointments: number
  due: number
  wallMs: number
  documentsRead: number
  sent: number
}

/** Seeds the practice and returns the two sweep times: `small` (100 due) and `main` (1,000 more due). */
async function seed(practiceId: string, now: Date) {
  const db = getFirestore()
  const practice = db.doc(`practices/${practiceId}`)
  let batch: WriteBatch = db.batch()
  let pending = 0
  const commits: Promise<unknown>[] = []
  const write = (path: string, data: Record<string, unknown>) => {
    batch.set(db.doc(path), data)
    if (++pending === 500) {
      commits.push(batch.commit())
      batch = db.batch()
      pending = 0
    }
  }

  write(practice.path, { ...aPractice({ name: 'Bench Practice' }) })
  const patients = Array.from({ length: PATIENTS }, (_, i) => `patient-${i}`)
  for (const id of patients) write(`${practice.path}/patients/${id}`, { ...aPatient(), mobile: '+61400000000' })

  // Appointments 0..999 have their 24 h reminder due at the main sweep, 1000..1099 at the small sweep before it;
  // every other reminder is days away.
  for (let i = 0; i < APPOINTMENTS; i++) {
    const appointmentId = `appointment-${String(i).padStart(5, '0')}`
    const patientId = patients[i % PATIENTS]!
    const start =
      i < DUE ? new Date(now.getTime() + 20 * HOUR) : i < DUE + SMALL_DUE ? new Date(now.getTime() + 18 * HOUR) : new Date(now.getTime() + 72 * HOUR + i * 60_000)
    const path = `${practice.path}/appointments/${appointmentId}`
    write(path, {
      practitionerId: 'bench-practitioner',
      practitionerName: 'Dr Bench',
      start: Timestamp.fromDate(start),
      end: Timestamp.fromDate(new Date(start.getTime() + 30 * 60_000)),
      location: 'phone',
      patientIds: [patientId],
      patients: [{ id: patientId, firstName: 'Alex', lastName: 'Bench' }],
      status: 'scheduled',
      notes: '',
    })
    const channel = i % 2 === 0 ? 'email' : 'sms'
    for (const [id, { due, ...reminder }] of plannedReminders({ practiceId, appointmentId, start, patientIds: [patientId] }, [24, 2], [channel])) {
      write(`${path}/reminders/${id}`, { ...reminder, dueAt: Timestamp.fromDate(due), state: 'scheduled', reason: null, sentAt: null, attempts: 0, updatedAt: Timestamp.now() })
    }
  }
  if (pending) commits.push(batch.commit())
  await Promise.all(commits)
  // Main-sweep reminders are due at now - 4 h, small-sweep ones at now - 6 h.
  return { small: new Date(now.getTime() - 5 * HOUR), main: now }
}

async function sweep(practiceId: string, now: Date, due: number): Promise<ReminderSweepFigures> {
  const stats = newSweepStats()
  const started = performance.now()
  await runReminderSweep({
    now,
    practiceId,
    stats,
    // SMS go nowhere: the bench measures the sweep, not Twilio.
    sender: { sendSms: async () => ({ providerId: `SM${'0'.repeat(32)}` }) },
    config: { appUrl: 'http://127.0.0.1:5173', unsubscribeKey: 'bench-key', defaultFrom: '+61491570999' },
  })
  return { appointments: APPOINTMENTS, due, wallMs: Math.round(performance.now() - started), documentsRead: stats.documentsRead, sent: stats.sent }
}

/**
 * Seeds 10,000 appointments (1,000 with a due reminder, 100 more due earlier) and sweeps twice: first with 100 due,
 * then with 1,000 due. Returns the 1,000-due figures, with the 100-due run under `smaller`.
 */
export async function benchReminderSweep(): Promise<ReminderSweepFigures & { smaller: ReminderSweepFigures; seedMs: number }> {
  if (!process.env.FIRESTORE_EMULATOR_HOST) throw new Error('The reminder bench runs against the Firestore emulator only.')
  if (!getApps().length) initializeApp({ projectId: process.env.GCLOUD_PROJECT ?? 'demo-telehealth' })
  const practiceId = uniqueId('bench-reminders')
  const seedStarted = performance.now()
  await setTriggers(false)
  let times: { small: Date; main: Date }
  try {
    times = await seed(practiceId, new Date())
  } finally {
    await setTriggers(true)
  }
  const seedMs = Math.round(performance.now() - seedStarted)
  const smaller = await sweep(practiceId, times.small, SMALL_DUE)
  const main = await sweep(practiceId, times.main, DUE)
  return { ...main, smaller, seedMs }
}
