import type { RulesTestEnvironment } from '@firebase/rules-unit-testing'
import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from 'firebase/firestore'
import { afterAll, beforeAll } from 'vitest'
import { uniqueId } from '../factories/ids'
import { anAuditEntry } from '../factories/practice'
import { allow, deny, describeAccessMatrix, firestoreAs, seed, seedTeam, startRulesTestEnv, type Team } from './rulesTestEnv'

let env: RulesTestEnvironment
let team: Team
let entryPath: string

beforeAll(async () => {
  env = await startRulesTestEnv()
  team = await seedTeam(env, 'audit')
  entryPath = `${auditPath()}/${uniqueId('entry')}`
  await seed(env, {
    [entryPath]: anAuditEntry({
      actor: { uid: team.owner, role: 'owner' },
      action: 'member.added',
      target: { type: 'member', id: team.staff },
    }),
  })
})

afterAll(async () => {
  await env.cleanup()
})

function auditPath(): string {
  return `practices/${team.practiceId}/audit`
}

// Owners read the log; it is append-only and written only by functions, so no client (not even the
// owner) may add, change or remove an entry.
describeAccessMatrix('audit', {
  subject: {
    get: 'an audit entry',
    list: 'the audit log',
    create: 'an audit entry',
    update: 'an audit entry',
    delete: 'an audit entry',
  },
  access: {
    'signed out': { get: deny, list: deny, create: deny, update: deny, delete: deny },
    'member of another practice': { get: deny, list: deny, create: deny, update: deny, delete: deny },
    staff: { get: deny, list: deny, create: deny, update: deny, delete: deny },
    practitioner: { get: deny, list: deny, create: deny, update: deny, delete: deny },
    owner: { get: allow, list: allow, create: deny, update: deny, delete: deny },
  },
  as: (actor) => firestoreAs(env, team, actor),
  run: {
    get: (db) => getDoc(doc(db, entryPath)),
    list: (db) => getDocs(collection(db, auditPath())),
    create: (db) => setDoc(doc(db, auditPath(), uniqueId('entry')), anAuditEntry({ action: 'member.removed' })),
    update: (db) => updateDoc(doc(db, entryPath), { action: 'member.roleChanged' }),
    delete: (db) => deleteDoc(doc(db, entryPath)),
  },
})
