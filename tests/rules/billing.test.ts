import type { RulesTestEnvironment } from '@firebase/rules-unit-testing'
import { assertFails } from '@firebase/rules-unit-testing'
import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from 'firebase/firestore'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { uniqueId } from '../factories/ids'
import { aCreditBalance, aCreditGrant, aLedgerEntry } from '../factories/credits'
import { patientClaimsFor } from '../factories/visit'
import { allow, deny, describeAccessMatrix, firestoreAs, firestoreAsPatient, seed, seedTeam, startRulesTestEnv, type AccessMatrix, type Actor, type Team } from './rulesTestEnv'

let env: RulesTestEnvironment
let team: Team
let appointmentId: string
const p = () => `practices/${team.practiceId}`
const balancePath = () => `${p()}/billing/credits`
const entryPath = () => `${p()}/creditLedger/visit_${appointmentId}`
let grantPath: string

beforeAll(async () => {
  env = await startRulesTestEnv()
  team = await seedTeam(env, 'billing')
  appointmentId = uniqueId('appointment')
  grantPath = `${p()}/creditGrants/${uniqueId('grant')}`
  await seed(env, {
    [balancePath()]: aCreditBalance({ balance: 98 }),
    [entryPath()]: aLedgerEntry({ ref: { type: 'visit', id: appointmentId } }),
    [grantPath]: aCreditGrant(),
  })
})

afterAll(async () => {
  await env.cleanup()
})

// Owners read the balance, the ledger and the grants; nobody writes any of them from a client, not even an owner:
// functions move credits (applyLedgerEntry) and an admin creates grants in the Firebase console.
const OWNERS_READ_ONLY: AccessMatrix<Actor> = {
  'signed out': { get: deny, list: deny, create: deny, update: deny, delete: deny },
  'member of another practice': { get: deny, list: deny, create: deny, update: deny, delete: deny },
  staff: { get: deny, list: deny, create: deny, update: deny, delete: deny },
  practitioner: { get: deny, list: deny, create: deny, update: deny, delete: deny },
  owner: { get: allow, list: allow, create: deny, update: deny, delete: deny },
}

describeAccessMatrix('billing/credits', {
  subject: { get: 'the balance', list: 'billing', create: 'a balance', update: 'the balance', delete: 'the balance' },
  access: OWNERS_READ_ONLY,
  as: (actor) => firestoreAs(env, team, actor),
  run: {
    get: (db) => getDoc(doc(db, balancePath())),
    list: (db) => getDocs(collection(db, `${p()}/billing`)),
    create: (db) => setDoc(doc(db, `${p()}/billing/${uniqueId('forged')}`), aCreditBalance({ balance: 1_000_000 })),
    update: (db) => updateDoc(doc(db, balancePath()), { balance: 1_000_000 }),
    delete: (db) => deleteDoc(doc(db, balancePath())),
  },
})

describeAccessMatrix('creditLedger', {
  subject: { get: 'a ledger entry', list: 'the ledger', create: 'a ledger entry', update: 'a ledger entry', delete: 'a ledger entry' },
  access: OWNERS_READ_ONLY,
  as: (actor) => firestoreAs(env, team, actor),
  run: {
    get: (db) => getDoc(doc(db, entryPath())),
    list: (db) => getDocs(collection(db, `${p()}/creditLedger`)),
    create: (db) => setDoc(doc(db, `${p()}/creditLedger/grant_${uniqueId('forged')}`), aLedgerEntry({ kind: 'grant', delta: 500 })),
    update: (db) => updateDoc(doc(db, entryPath()), { delta: 0 }),
    delete: (db) => deleteDoc(doc(db, entryPath())),
  },
})

describeAccessMatrix('creditGrants', {
  subject: { get: 'a grant', list: 'the grants', create: 'a grant', update: 'a grant', delete: 'a grant' },
  access: OWNERS_READ_ONLY,
  as: (actor) => firestoreAs(env, team, actor),
  run: {
    get: (db) => getDoc(doc(db, grantPath)),
    list: (db) => getDocs(collection(db, `${p()}/creditGrants`)),
    create: (db) => setDoc(doc(db, `${p()}/creditGrants/${uniqueId('forged')}`), aCreditGrant({ amount: 100_000 })),
    update: (db) => updateDoc(doc(db, grantPath), { amount: 100_000 }),
    delete: (db) => deleteDoc(doc(db, grantPath)),
  },
})

describe('billing: a patient token', () => {
  const patient = () => firestoreAsPatient(env, patientClaimsFor(uniqueId('invite'), { practiceId: team.practiceId, appointmentId, patientId: uniqueId('patient') }))

  it('cannot read the balance, the ledger or a grant', async () => {
    await assertFails(getDoc(doc(patient(), balancePath())))
    await assertFails(getDocs(collection(patient(), `${p()}/creditLedger`)))
    await assertFails(getDoc(doc(patient(), entryPath())))
    await assertFails(getDoc(doc(patient(), grantPath)))
  })

  it('cannot write the balance, a ledger entry or a grant', async () => {
    await assertFails(setDoc(doc(patient(), balancePath()), aCreditBalance({ balance: 1_000 })))
    await assertFails(setDoc(doc(patient(), `${p()}/creditLedger/forged`), aLedgerEntry()))
    await assertFails(setDoc(doc(patient(), `${p()}/creditGrants/forged`), aCreditGrant()))
  })
})
