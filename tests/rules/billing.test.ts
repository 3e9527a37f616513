import { assertFails } from '@firebase/rules-unit-testing'
import { collection, doc, getDoc, getDocs, setDoc } from 'firebase/firestore'
import { describe, it } from 'vitest'
import { uniqueId } from '../factories/ids'
import { aCreditBalance, aCreditGrant, aLedgerEntry } from '../factories/credits'
import { patientClaimsFor } from '../factories/visit'
import { describeAccessMatrix, documentRequests, OWNERS_READ_ONLY, seed, rulesTestFile, subjectsOf } from './rulesTestEnv'

let appointmentId: string
let grantPath: string

const rules = rulesTestFile('billing', async (env) => {
  appointmentId = uniqueId('appointment')
  grantPath = `${p()}/creditGrants/${uniqueId('grant')}`
  await seed(env, {
    [balancePath()]: aCreditBalance({ balance: 98 }),
    [entryPath()]: aLedgerEntry({ ref: { type: 'visit', id: appointmentId } }),
    [grantPath]: aCreditGrant(),
  })
})

const p = () => `practices/${rules.team.practiceId}`
const balancePath = () => `${p()}/billing/credits`
const entryPath = () => `${p()}/creditLedger/visit_${appointmentId}`

// Owners read the balance, the ledger and the grants; nobody writes any of them from a client, not even an owner:
// functions move credits (applyLedgerEntry) and an admin creates grants in the Firebase console.
describeAccessMatrix('billing/credits', {
  subject: { ...subjectsOf('the balance', 'billing'), create: 'a balance' },
  access: OWNERS_READ_ONLY,
  as: rules.as,
  run: documentRequests({
    document: balancePath,
    collection: () => `${p()}/billing`,
    create: () => ({ path: `${p()}/billing/${uniqueId('forged')}`, data: aCreditBalance({ balance: 1_000_000 }) }),
    update: () => ({ balance: 1_000_000 }),
  }),
})

describeAccessMatrix('creditLedger', {
  subject: subjectsOf('a ledger entry', 'the ledger'),
  access: OWNERS_READ_ONLY,
  as: rules.as,
  run: documentRequests({
    document: entryPath,
    collection: () => `${p()}/creditLedger`,
    create: () => ({ path: `${p()}/creditLedger/grant_${uniqueId('forged')}`, data: aLedgerEntry({ kind: 'grant', delta: 500 }) }),
    update: () => ({ delta: 0 }),
  }),
})

describeAccessMatrix('creditGrants', {
  subject: subjectsOf('a grant', 'the grants'),
  access: OWNERS_READ_ONLY,
  as: rules.as,
  run: documentRequests({
    document: () => grantPath,
    collection: () => `${p()}/creditGrants`,
    create: () => ({ path: `${p()}/creditGrants/${uniqueId('forged')}`, data: aCreditGrant({ amount: 100_000 }) }),
    update: () => ({ amount: 100_000 }),
  }),
})

describe('billing: a patient token', () => {
  const patient = () => rules.asPatient(patientClaimsFor(uniqueId('invite'), { practiceId: rules.team.practiceId, appointmentId, patientId: uniqueId('patient') }))

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
