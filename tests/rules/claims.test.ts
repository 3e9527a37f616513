import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing'
import { collection, doc, getDoc, getDocs, updateDoc, type Firestore } from 'firebase/firestore'
import { describe, it } from 'vitest'
import { uniqueId } from '../factories/ids'
import { aMember, anAppointment, anAuditEntry, aPatient } from '../factories/practice'
import { firestoreOf, seed, rulesTestFile } from './rulesTestEnv'

// Rules read the member document, not the custom claims: claims live in the ID token for up to an
// hour, while a removal or demotion made in the Firebase console must take effect at once.

let demoted: string
let removed: string
let patientPath: string
let appointmentPath: string
let auditEntryPath: string

const rules = rulesTestFile('claims', async (env, team) => {
  demoted = uniqueId('demoted')
  removed = uniqueId('removed')
  const practice = `practices/${team.practiceId}`
  patientPath = `${practice}/patients/${uniqueId('patient')}`
  appointmentPath = `${practice}/appointments/${uniqueId('appointment')}`
  auditEntryPath = `${practice}/audit/${uniqueId('entry')}`
  await seed(env, {
    // Was the owner; the console changed the member document to staff. No member document for `removed`.
    [`${practice}/members/${demoted}`]: aMember({ uid: demoted, role: 'staff' }),
    [patientPath]: aPatient(),
    [appointmentPath]: anAppointment({ practitionerId: team.otherPractitioner }),
    [auditEntryPath]: anAuditEntry(),
  })
})

/** A token that still says `owner` of the practice, as it would until the client refreshes it. */
function withStaleOwnerClaims(uid: string): Firestore {
  return firestoreOf(rules.env.authenticatedContext(uid, { roles: { [rules.team.practiceId]: 'owner' }, email_verified: true }))
}

describe('claims: a member removed in the console, whose token still says owner', () => {
  it('cannot get the practice', async () => {
    await assertFails(getDoc(doc(withStaleOwnerClaims(removed), `practices/${rules.team.practiceId}`)))
  })

  it('cannot list the team', async () => {
    await assertFails(getDocs(collection(withStaleOwnerClaims(removed), `practices/${rules.team.practiceId}/members`)))
  })

  it('cannot get a patient', async () => {
    await assertFails(getDoc(doc(withStaleOwnerClaims(removed), patientPath)))
  })

  it('cannot get an appointment', async () => {
    await assertFails(getDoc(doc(withStaleOwnerClaims(removed), appointmentPath)))
  })

  it('cannot read the audit log', async () => {
    await assertFails(getDoc(doc(withStaleOwnerClaims(removed), auditEntryPath)))
  })
})

describe('claims: an owner demoted to staff in the console, whose token still says owner', () => {
  it('can still get the practice, as staff', async () => {
    await assertSucceeds(getDoc(doc(withStaleOwnerClaims(demoted), `practices/${rules.team.practiceId}`)))
  })

  it('cannot update the practice', async () => {
    await assertFails(updateDoc(doc(withStaleOwnerClaims(demoted), `practices/${rules.team.practiceId}`), { name: 'Mine now' }))
  })

  it('cannot read the audit log', async () => {
    await assertFails(getDoc(doc(withStaleOwnerClaims(demoted), auditEntryPath)))
  })

  it("can get another practitioner's appointment, as staff", async () => {
    await assertSucceeds(getDoc(doc(withStaleOwnerClaims(demoted), appointmentPath)))
  })
})

describe('claims: a patient token (later issue) grants nothing in Firestore yet', () => {
  const asPatient = () =>
    firestoreOf(
      rules.env.authenticatedContext(uniqueId('patient-session'), {
        patient: {
          practiceId: rules.team.practiceId,
          appointmentId: appointmentPath.split('/').at(-1) ?? '',
          inviteId: uniqueId('invite'),
          patientId: uniqueId('patient'),
        },
      }),
    )

  it('cannot get the appointment the token is scoped to', async () => {
    await assertFails(getDoc(doc(asPatient(), appointmentPath)))
  })

  it('cannot get the practice', async () => {
    await assertFails(getDoc(doc(asPatient(), `practices/${rules.team.practiceId}`)))
  })

  it('cannot get a patient record', async () => {
    await assertFails(getDoc(doc(asPatient(), patientPath)))
  })
})
