import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing'
import {
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  orderBy,
  query,
  setDoc,
  updateDoc,
  where,
  type Firestore,
} from 'firebase/firestore'
import { describe, expect, it } from 'vitest'
import { uniqueId } from '../factories/ids'
import { anAppointment } from '../factories/practice'
import { describeAccessMatrix, firestoreAs, seed, MEMBERS_READ_ONLY, rulesTestFile } from './rulesTestEnv'

let ownAppointmentPath: string
let othersAppointmentPath: string

const rules = rulesTestFile('appointments', async (env, team) => {
  ownAppointmentPath = `${appointmentsPath()}/${uniqueId('appointment')}`
  othersAppointmentPath = `${appointmentsPath()}/${uniqueId('appointment')}`
  await seed(env, {
    [ownAppointmentPath]: anAppointment({ practitionerId: team.practitioner, createdBy: team.staff }),
    [othersAppointmentPath]: anAppointment({
      practitionerId: team.otherPractitioner,
      practitionerName: 'Dr Noah Kowalski',
      start: new Date('2025-03-11T01:00:00Z'),
      createdBy: team.staff,
    }),
  })
})

function appointmentsPath(): string {
  return `practices/${rules.team.practiceId}/appointments`
}

/** The query the practitioner's schedule runs: their own appointments, in time order. */
function ownSchedule(db: Firestore, practitionerId: string) {
  return query(collection(db, appointmentsPath()), where('practitionerId', '==', practitionerId), orderBy('start'))
}

// The matrix uses the practitioner's own appointment, and for `list` the query each role's
// schedule actually runs: owners and staff see the whole practice, a practitioner filters on their
// uid. Reading someone else's appointment is covered below.
describeAccessMatrix('appointments', {
  subject: {
    get: 'an appointment',
    list: 'the schedule',
    create: 'an appointment',
    update: "an appointment's time",
    delete: 'an appointment',
  },
  access: MEMBERS_READ_ONLY,
  as: (actor) => firestoreAs(rules.env, rules.team, actor),
  run: {
    get: (db) => getDoc(doc(db, ownAppointmentPath)),
    list: (db) => getDocs(ownSchedule(db, rules.team.practitioner)),
    create: (db) =>
      setDoc(doc(db, appointmentsPath(), uniqueId('appointment')), anAppointment({ practitionerId: rules.team.practitioner })),
    update: (db) => updateDoc(doc(db, ownAppointmentPath), { start: new Date('2025-03-12T23:00:00Z') }),
    delete: (db) => deleteDoc(doc(db, ownAppointmentPath)),
  },
})

describe('appointments: a practitioner sees only their own', () => {
  const asPractitioner = () => firestoreAs(rules.env, rules.team, 'practitioner')

  it("cannot get another practitioner's appointment", async () => {
    await assertFails(getDoc(doc(asPractitioner(), othersAppointmentPath)))
  })

  it('cannot list the whole practice schedule without filtering on practitionerId', async () => {
    await assertFails(getDocs(query(collection(asPractitioner(), appointmentsPath()), orderBy('start'))))
  })

  it("cannot list another practitioner's schedule", async () => {
    await assertFails(getDocs(ownSchedule(asPractitioner(), rules.team.otherPractitioner)))
  })

  it('cannot widen the filter with an `in` that includes a colleague', async () => {
    const db = asPractitioner()
    await assertFails(
      getDocs(
        query(
          collection(db, appointmentsPath()),
          where('practitionerId', 'in', [rules.team.practitioner, rules.team.otherPractitioner]),
        ),
      ),
    )
  })

  it('gets exactly their own appointments when filtering on their uid', async () => {
    const snapshot = await assertSucceeds(getDocs(ownSchedule(asPractitioner(), rules.team.practitioner)))
    expect(snapshot.docs.map((d) => d.ref.path)).toEqual([ownAppointmentPath])
  })

  it('can filter on their uid and a time range, as a week view does', async () => {
    const db = asPractitioner()
    const week = query(
      collection(db, appointmentsPath()),
      where('practitionerId', '==', rules.team.practitioner),
      where('start', '>=', new Date('2025-03-10T00:00:00Z')),
      where('start', '<', new Date('2025-03-17T00:00:00Z')),
      orderBy('start'),
    )
    await assertSucceeds(getDocs(week))
  })
})

describe('appointments: owners and staff see the whole practice', () => {
  for (const actor of ['owner', 'staff'] as const) {
    it(`${actor} gets another practitioner's appointment`, async () => {
      await assertSucceeds(getDoc(doc(firestoreAs(rules.env, rules.team, actor), othersAppointmentPath)))
    })

    it(`${actor} lists every practitioner's appointments without a filter`, async () => {
      const db = firestoreAs(rules.env, rules.team, actor)
      const snapshot = await assertSucceeds(getDocs(query(collection(db, appointmentsPath()), orderBy('start'))))
      expect(snapshot.docs.map((d) => d.ref.path)).toEqual([ownAppointmentPath, othersAppointmentPath])
    })
  }

  it('a member of another practice cannot list this practice schedule even with a practitioner filter', async () => {
    const db = firestoreAs(rules.env, rules.team, 'member of another practice')
    await assertFails(getDocs(ownSchedule(db, rules.team.practitioner)))
  })
})
