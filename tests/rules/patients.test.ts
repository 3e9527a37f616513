import type { RulesTestEnvironment } from '@firebase/rules-unit-testing'
import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from 'firebase/firestore'
import { afterAll, beforeAll } from 'vitest'
import { uniqueId } from '../factories/ids'
import { aPatient } from '../factories/practice'
import { allow, deny, describeAccessMatrix, firestoreAs, seed, seedTeam, startRulesTestEnv, type Team } from './rulesTestEnv'

let env: RulesTestEnvironment
let team: Team
let patientPath: string

beforeAll(async () => {
  env = await startRulesTestEnv()
  team = await seedTeam(env, 'patients')
  patientPath = `practices/${team.practiceId}/patients/${uniqueId('patient')}`
  await seed(env, { [patientPath]: aPatient() })
})

afterAll(async () => {
  await env.cleanup()
})

const patientsPath = () => `practices/${team.practiceId}/patients`

// Every member reads patients. Client writes arrive with the scheduling issue; until then, none.
describeAccessMatrix('patients', {
  subject: {
    get: 'a patient',
    list: 'patients',
    create: 'a patient',
    update: "a patient's mobile number",
    delete: 'a patient',
  },
  access: {
    'signed out': { get: deny, list: deny, create: deny, update: deny, delete: deny },
    'member of another practice': { get: deny, list: deny, create: deny, update: deny, delete: deny },
    staff: { get: allow, list: allow, create: deny, update: deny, delete: deny },
    practitioner: { get: allow, list: allow, create: deny, update: deny, delete: deny },
    owner: { get: allow, list: allow, create: deny, update: deny, delete: deny },
  },
  as: (actor) => firestoreAs(env, team, actor),
  run: {
    get: (db) => getDoc(doc(db, patientPath)),
    list: (db) => getDocs(collection(db, patientsPath())),
    create: (db) => setDoc(doc(db, patientsPath(), uniqueId('patient')), aPatient()),
    update: (db) => updateDoc(doc(db, patientPath), { mobile: '+61498765432' }),
    delete: (db) => deleteDoc(doc(db, patientPath)),
  },
})
