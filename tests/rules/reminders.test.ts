import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing'
import { collection, collectionGroup, deleteDoc, doc, getDoc, getDocs, query, setDoc, updateDoc, where } from 'firebase/firestore'
import { describe, expect, it } from 'vitest'
import { uniqueId } from '../factories/ids'
import { anAppointment } from '../factories/practice'
import { ACTORS, describeAccessMatrix, firestoreAs, seed, MEMBERS_READ_ONLY, rulesTestFile } from './rulesTestEnv'

// The reminder outbox is readable by whoever may read its appointment (owners and staff, or the
// appointment's practitioner) and written only by functions. Trigger Email documents (mail) hold
// addresses and unsubscribe links: no client reads or writes them.

let ownAppointment: string
let othersAppointment: string
let mailPath: string

const aReminder = (appointmentId: string, state = 'scheduled') => ({
  practiceId: rules.team.practiceId,
  appointmentId,
  patientId: 'patient-1',
  channel: 'sms',
  // A manual re-send: planReminders (live in the Functions emulator, reacting to the seeded appointment) leaves those alone.
  kind: 'invite-resend',
  offsetHours: null,
  dueAt: new Date('2025-03-09T23:00:00Z'),
  state,
  reason: null,
  sentAt: null,
  attempts: 0,
  updatedAt: new Date(),
})

const remindersOf = (appointmentPath: string) => `${appointmentPath}/reminders`
const reminderOf = (appointmentPath: string) => `${remindersOf(appointmentPath)}/patient-1_resend-1741600000000_sms`

const rules = rulesTestFile('reminders', async (env, team) => {
  const appointments = `practices/${team.practiceId}/appointments`
  ownAppointment = `${appointments}/${uniqueId('appointment')}`
  othersAppointment = `${appointments}/${uniqueId('appointment')}`
  mailPath = `mail/${uniqueId('appointment')}_patient-1_24h_email`
  await seed(env, {
    [ownAppointment]: anAppointment({ practitionerId: team.practitioner }),
    [othersAppointment]: anAppointment({ practitionerId: team.otherPractitioner }),
    [reminderOf(ownAppointment)]: aReminder(ownAppointment.split('/').pop()!),
    [reminderOf(othersAppointment)]: aReminder(othersAppointment.split('/').pop()!),
    [mailPath]: { to: 'alex@mail.example', message: { subject: 'Reminder', text: 'Hi Alex', html: '<p>Hi Alex</p>' } },
  })
})

// The matrix acts on the practitioner's own appointment; another practitioner's is covered below.
describeAccessMatrix('reminders', {
  subject: {
    get: "an appointment's reminder",
    list: "an appointment's reminders",
    create: 'a reminder',
    update: "a reminder's state",
    delete: 'a reminder',
  },
  access: MEMBERS_READ_ONLY,
  as: (actor) => firestoreAs(rules.env, rules.team, actor),
  run: {
    get: (db) => getDoc(doc(db, reminderOf(ownAppointment))),
    list: (db) => getDocs(collection(db, remindersOf(ownAppointment))),
    create: (db) => setDoc(doc(db, `${remindersOf(ownAppointment)}/patient-1_2h_sms`), aReminder('x')),
    update: (db) => updateDoc(doc(db, reminderOf(ownAppointment)), { state: 'sent' }),
    delete: (db) => deleteDoc(doc(db, reminderOf(ownAppointment))),
  },
})

describe("reminders: a practitioner sees only their own appointments' reminders", () => {
  const asPractitioner = () => firestoreAs(rules.env, rules.team, 'practitioner')

  it("cannot get a reminder of another practitioner's appointment", async () => {
    await assertFails(getDoc(doc(asPractitioner(), reminderOf(othersAppointment))))
  })

  it("cannot list another practitioner's appointment's reminders", async () => {
    await assertFails(getDocs(collection(asPractitioner(), remindersOf(othersAppointment))))
  })

  it('cannot query every reminder of the practice across appointments', async () => {
    await assertFails(getDocs(query(collectionGroup(asPractitioner(), 'reminders'), where('practiceId', '==', rules.team.practiceId))))
  })

  it("sees the state of their own appointment's reminders", async () => {
    const snapshot = await assertSucceeds(getDocs(collection(asPractitioner(), remindersOf(ownAppointment))))
    // planReminders (running in the Functions emulator) may have added the appointment's own reminders.
    expect(snapshot.docs.find((d) => d.id === 'patient-1_resend-1741600000000_sms')?.get('state')).toBe('scheduled')
  })

  for (const actor of ['owner', 'staff'] as const) {
    it(`${actor} reads the reminders of any practitioner's appointment`, async () => {
      await assertSucceeds(getDocs(collection(firestoreAs(rules.env, rules.team, actor), remindersOf(othersAppointment))))
    })
  }
})

describe('mail: no client reads or writes Trigger Email documents', () => {
  for (const actor of ACTORS) {
    it(`${actor} cannot read a mail document`, async () => {
      await assertFails(getDoc(doc(firestoreAs(rules.env, rules.team, actor), mailPath)))
    })

    it(`${actor} cannot create or change a mail document`, async () => {
      const db = firestoreAs(rules.env, rules.team, actor)
      await assertFails(setDoc(doc(db, `mail/${uniqueId('forged')}`), { to: 'victim@mail.example', message: { subject: 'x', text: 'x' } }))
      await assertFails(updateDoc(doc(db, mailPath), { to: 'attacker@mail.example' }))
    })
  }
})
