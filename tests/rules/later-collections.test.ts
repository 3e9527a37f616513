import { assertFails } from '@firebase/rules-unit-testing'
import { doc, getDoc, setDoc } from 'firebase/firestore'
import { describe, it } from 'vitest'
import { uniqueId } from '../factories/ids'
import { firestoreAs, seed, rulesTestFile } from './rulesTestEnv'

// Server-only collections: no rule, so every client is denied, even the practice owner. Collections that clients
// may use have a matrix of their own (visits.test.ts, chat.test.ts, billing.test.ts, phone.test.ts, ...).

const LATER_COLLECTIONS = [
  'invites',
  'mail',
  'unsubscribes',
  'rateLimits',
] as const
type LaterCollection = (typeof LATER_COLLECTIONS)[number]

let paths: Record<LaterCollection, string>

const rules = rulesTestFile('later', async (env) => {
  paths = {
    invites: `invites/${uniqueId('invite-hash')}`,
    mail: `mail/${uniqueId('mail')}`,
    unsubscribes: `unsubscribes/${uniqueId('token')}`,
    rateLimits: `rateLimits/${uniqueId('redeemInvite_ip')}`,
  }
  await seed(env, Object.fromEntries(Object.values(paths).map((path) => [path, { seeded: true }])))
})

describe('later collections: the practice owner', () => {
  for (const name of LATER_COLLECTIONS) {
    it(`cannot read ${name}`, async () => {
      await assertFails(getDoc(doc(firestoreAs(rules.env, rules.team, 'owner'), paths[name])))
    })

    it(`cannot write ${name}`, async () => {
      await assertFails(setDoc(doc(firestoreAs(rules.env, rules.team, 'owner'), paths[name]), { forged: true }))
    })
  }
})
