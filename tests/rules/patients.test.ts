import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing'
import {
  deleteDoc,
  deleteField,
  doc,
  serverTimestamp,
  setDoc,
  updateDoc,
  type DocumentData,
  type Firestore,
} from 'firebase/firestore'
import { beforeAll, describe, it } from 'vitest'
import { uniqueId } from '../factories/ids'
import { aPatient, type PatientDoc } from '../factories/practice'
import { describeAccessMatrix, documentRequests, only, practiceAccess, seed, rulesTestFile } from './rulesTestEnv'

let patientPath: string

const rules = rulesTestFile('patients', async (env, team) => {
  patientPath = `practices/${team.practiceId}/patients/${uniqueId('patient')}`
  await seed(env, { [patientPath]: aStoredPatient() })
})

const patientsPath = () => `practices/${rules.team.practiceId}/patients`

/** A stored patient with every contract field (the factory leaves `optOut` empty for other suites). */
function aStoredPatient(overrides: Partial<PatientDoc> = {}): PatientDoc {
  return aPatient({ optOut: { email: null, sms: null }, ...overrides })
}

/** A patient as the console creates one: every time the client sets is the server's. */
function aNewPatient(overrides: Partial<Record<keyof PatientDoc, unknown>> = {}): DocumentData {
  return {
    ...aStoredPatient(),
    consent: {
      email: { granted: true, updatedAt: serverTimestamp(), source: 'staff' },
      sms: { granted: false, updatedAt: serverTimestamp(), source: 'staff' },
    },
    createdAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
    ...overrides,
  }
}

// Every member reads, creates and updates patients; nobody deletes one.
const EDITS = only('get', 'list', 'create', 'update')
describeAccessMatrix('patients', {
  subject: {
    get: 'a patient',
    list: 'patients',
    create: 'a patient',
    update: "a patient's mobile number",
    delete: 'a patient',
  },
  access: practiceAccess({ staff: EDITS, practitioner: EDITS, owner: EDITS }),
  as: rules.as,
  run: documentRequests({
    document: () => patientPath,
    collection: patientsPath,
    create: () => ({ path: `${patientsPath()}/${uniqueId('patient')}`, data: aNewPatient() }),
    update: () => ({ mobile: '+61498765432', updatedAt: serverTimestamp() }),
  }),
})

describe('patients: what a new patient must look like', () => {
  const staff = (): Firestore => rules.as('staff')
  const create = (data: DocumentData) => setDoc(doc(staff(), patientsPath(), uniqueId('patient')), data)

  it('accepts a patient with no email and no mobile', async () => {
    await assertSucceeds(create(aNewPatient({ email: null, mobile: null })))
  })

  it('accepts 1- and 60-character names and a patient born on 1 January 1900', async () => {
    await assertSucceeds(create(aNewPatient({ firstName: 'X', lastName: 'y'.repeat(60), dateOfBirth: '1900-01-01' })))
  })

  it('accepts an opt-out recorded at creation with the request time', async () => {
    await assertSucceeds(create(aNewPatient({ optOut: { email: null, sms: { at: serverTimestamp(), source: 'staff' } } })))
  })

  it('accepts 60 search tokens', async () => {
    await assertSucceeds(create(aNewPatient({ searchTokens: Array.from({ length: 60 }, (_, i) => `t${i}`) })))
  })

  it('denies creating a patient in another practice', async () => {
    await assertFails(setDoc(doc(staff(), `practices/${rules.team.otherPracticeId}/patients/${uniqueId('patient')}`), aNewPatient()))
  })

  const consent = (record: unknown) => ({ email: record, sms: { granted: false, updatedAt: serverTimestamp(), source: 'staff' } })
  const now = () => serverTimestamp()

  const rejected: { reason: string; data: DocumentData }[] = [
    { reason: 'an unknown field', data: aNewPatient({ medicareNumber: '2123 45670 1' } as never) },
    { reason: 'a missing field (searchTokens)', data: (({ searchTokens: _, ...rest }) => rest)(aNewPatient()) },
    { reason: 'a missing updatedAt', data: (({ updatedAt: _, ...rest }) => rest)(aNewPatient()) },
    { reason: 'an updatedAt chosen by the client', data: aNewPatient({ updatedAt: new Date('2025-01-01T00:00:00Z') }) },
    { reason: 'a createdAt chosen by the client', data: aNewPatient({ createdAt: new Date('2025-01-01T00:00:00Z') }) },
    { reason: 'an empty first name', data: aNewPatient({ firstName: '' }) },
    { reason: 'a 61-character last name', data: aNewPatient({ lastName: 'y'.repeat(61) }) },
    { reason: 'a name that is not a string', data: aNewPatient({ firstName: 42 }) },
    { reason: 'a date of birth in another format', data: aNewPatient({ dateOfBirth: '14/07/1986' }) },
    { reason: 'a date of birth before 1900', data: aNewPatient({ dateOfBirth: '1899-12-31' }) },
    { reason: 'a date of birth with month 13', data: aNewPatient({ dateOfBirth: '1986-13-01' }) },
    { reason: 'a date of birth stored as a timestamp', data: aNewPatient({ dateOfBirth: new Date('1986-07-14') }) },
    { reason: 'an email without an @', data: aNewPatient({ email: 'amelia.mail.example' }) },
    { reason: 'an email of 255 characters', data: aNewPatient({ email: `${'a'.repeat(242)}@mail.example` }) },
    { reason: 'an empty email instead of null', data: aNewPatient({ email: '' }) },
    { reason: 'a mobile in local format', data: aNewPatient({ mobile: '0412 345 678' }) },
    { reason: 'a mobile without the plus sign', data: aNewPatient({ mobile: '61412345678' }) },
    { reason: 'consent missing a channel', data: aNewPatient({ consent: { email: { granted: true, updatedAt: now(), source: 'staff' } } }) },
    { reason: 'consent with an extra channel', data: aNewPatient({ consent: { ...consent({ granted: true, updatedAt: now(), source: 'staff' }), fax: { granted: true, updatedAt: now(), source: 'staff' } } }) },
    { reason: 'consent granted as a string', data: aNewPatient({ consent: consent({ granted: 'yes', updatedAt: now(), source: 'staff' }) }) },
    { reason: 'consent with a back-dated updatedAt', data: aNewPatient({ consent: consent({ granted: true, updatedAt: new Date('2020-01-01'), source: 'staff' }) }) },
    { reason: 'consent without a source', data: aNewPatient({ consent: consent({ granted: true, updatedAt: now() }) }) },
    { reason: 'consent with a 41-character source', data: aNewPatient({ consent: consent({ granted: true, updatedAt: now(), source: 's'.repeat(41) }) }) },
    { reason: 'consent with an extra key', data: aNewPatient({ consent: consent({ granted: true, updatedAt: now(), source: 'staff', note: 'asked twice' }) }) },
    { reason: 'an optOut missing a channel', data: aNewPatient({ optOut: { sms: null } }) },
    { reason: 'an empty optOut map', data: aNewPatient({ optOut: {} }) },
    { reason: 'an opt-out with a back-dated time', data: aNewPatient({ optOut: { email: null, sms: { at: new Date('2020-01-01'), source: 'staff' } } }) },
    { reason: 'an opt-out without a source', data: aNewPatient({ optOut: { email: null, sms: { at: now() } } }) },
    { reason: 'an opt-out that is true rather than a record', data: aNewPatient({ optOut: { email: null, sms: true } }) },
    { reason: 'search tokens that are not a list', data: aNewPatient({ searchTokens: 'amelia' }) },
    { reason: '61 search tokens', data: aNewPatient({ searchTokens: Array.from({ length: 61 }, (_, i) => `t${i}`) }) },
  ]

  for (const { reason, data } of rejected) {
    it(`rejects ${reason}`, async () => {
      await assertFails(create(data))
    })
  }
})

describe('patients: what an update must look like', () => {
  let path: string
  const staff = (): Firestore => rules.as('staff')
  const update = (data: DocumentData) => updateDoc(doc(staff(), path), data)
  const stamp = { updatedAt: serverTimestamp() }

  beforeAll(async () => {
    path = `${patientsPath()}/${uniqueId('patient')}`
    await seed(rules.env, { [path]: aStoredPatient({ optOut: { email: null, sms: { at: new Date('2025-03-01T00:00:00Z'), source: 'sms-stop' } } }) })
  })

  it('accepts a new name and mobile with the request time as updatedAt', async () => {
    await assertSucceeds(update({ firstName: 'Amy', mobile: '+61498765432', ...stamp }))
  })

  it('accepts a consent change that carries the request time, leaving the other channel as it was', async () => {
    await assertSucceeds(update({ 'consent.email': { granted: false, updatedAt: serverTimestamp(), source: 'staff' }, ...stamp }))
  })

  it('accepts an opt-out recorded by staff now', async () => {
    await assertSucceeds(update({ 'optOut.email': { at: serverTimestamp(), source: 'staff' }, ...stamp }))
  })

  it('accepts lifting an opt-out together with a consent granted now (re-consent)', async () => {
    const other = `${patientsPath()}/${uniqueId('patient')}`
    await seed(rules.env, { [other]: aStoredPatient({ optOut: { email: null, sms: { at: new Date('2025-03-01T00:00:00Z'), source: 'sms-stop' } } }) })
    await assertSucceeds(
      updateDoc(doc(staff(), other), {
        'optOut.sms': null,
        'consent.sms': { granted: true, updatedAt: serverTimestamp(), source: 'staff' },
        ...stamp,
      }),
    )
  })

  const rejected: { reason: string; data: DocumentData }[] = [
    { reason: 'an update without updatedAt', data: { firstName: 'Amy' } },
    { reason: 'an updatedAt chosen by the client', data: { firstName: 'Amy', updatedAt: new Date('2030-01-01') } },
    { reason: 'changing createdAt', data: { createdAt: serverTimestamp(), ...stamp } },
    { reason: 'removing the last name', data: { lastName: deleteField(), ...stamp } },
    { reason: 'removing the search tokens', data: { searchTokens: deleteField(), ...stamp } },
    { reason: 'adding an archived flag (not part of the record)', data: { archived: true, ...stamp } },
    { reason: 'a mobile that is not E.164', data: { mobile: '12345', ...stamp } },
    { reason: 'a consent change that keeps the old updatedAt', data: { 'consent.sms.granted': false, ...stamp } },
    { reason: 'lifting an opt-out without a fresh consent', data: { 'optOut.sms': null, ...stamp } },
    {
      reason: 'lifting an opt-out with a fresh consent that is not granted',
      data: { 'optOut.sms': null, 'consent.sms': { granted: false, updatedAt: serverTimestamp(), source: 'staff' }, ...stamp },
    },
    { reason: 'back-dating an opt-out', data: { 'optOut.sms': { at: new Date('2024-01-01'), source: 'staff' }, ...stamp } },
  ]

  for (const { reason, data } of rejected) {
    it(`rejects ${reason}`, async () => {
      await assertFails(update(data))
    })
  }

  it('denies an update from a member of another practice even with a valid shape', async () => {
    await assertFails(updateDoc(doc(rules.as('member of another practice'), path), { firstName: 'Amy', ...stamp }))
  })

  it('denies an update when signed out', async () => {
    await assertFails(updateDoc(doc(rules.as('signed out'), path), { firstName: 'Amy', ...stamp }))
  })

  it('denies deleting a patient, even for the owner', async () => {
    await assertFails(deleteDoc(doc(rules.as('owner'), path)))
  })
})
