import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from 'firebase/firestore'
import { uniqueId } from '../factories/ids'
import { anAuditEntry } from '../factories/practice'
import { allow, deny, describeAccessMatrix, firestoreAs, seed, rulesTestFile } from './rulesTestEnv'

let entryPath: string

const rules = rulesTestFile('audit', async (env, team) => {
  entryPath = `${auditPath()}/${uniqueId('entry')}`
  await seed(env, {
    [entryPath]: anAuditEntry({
      actor: { uid: team.owner, role: 'owner' },
      action: 'member.added',
      target: { type: 'member', id: team.staff },
    }),
  })
})

function auditPath(): string {
  return `practices/${rules.team.practiceId}/audit`
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
  as: (actor) => firestoreAs(rules.env, rules.team, actor),
  run: {
    get: (db) => getDoc(doc(db, entryPath)),
    list: (db) => getDocs(collection(db, auditPath())),
    create: (db) => setDoc(doc(db, auditPath(), uniqueId('entry')), anAuditEntry({ action: 'member.removed' })),
    update: (db) => updateDoc(doc(db, entryPath), { action: 'member.roleChanged' }),
    delete: (db) => deleteDoc(doc(db, entryPath)),
  },
})
