import type { RulesTestEnvironment } from '@firebase/rules-unit-testing'
import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from 'firebase/firestore'
import { afterAll, beforeAll } from 'vitest'
import { describeAccessMatrix, firestoreAs, seed, seedTeam, startRulesTestEnv, type Team, MEMBERS_READ_ONLY } from './rulesTestEnv'

// Reminder templates: every member reads them (practitioners see them read-only); only the
// saveReminderTemplate callable writes, because rules can't check the terms in the text.

let env: RulesTestEnvironment
let team: Team

const templatesPath = () => `practices/${team.practiceId}/templates`
const aTemplate = () => ({ kind: 'video', channel: 'sms', body: 'Hi [First Name], see you at [Time].', updatedAt: new Date(), updatedBy: team.owner })

beforeAll(async () => {
  env = await startRulesTestEnv()
  team = await seedTeam(env, 'templates')
  await seed(env, { [`${templatesPath()}/video_sms`]: aTemplate() })
})

afterAll(async () => {
  await env.cleanup()
})

describeAccessMatrix('templates', {
  subject: {
    get: 'a reminder template',
    list: "the practice's reminder templates",
    create: 'a reminder template',
    update: 'a reminder template',
    delete: 'a reminder template',
  },
  access: MEMBERS_READ_ONLY,
  as: (actor) => firestoreAs(env, team, actor),
  run: {
    get: (db) => getDoc(doc(db, `${templatesPath()}/video_sms`)),
    list: (db) => getDocs(collection(db, templatesPath())),
    create: (db) => setDoc(doc(db, `${templatesPath()}/phone_sms`), { ...aTemplate(), kind: 'phone' }),
    update: (db) => updateDoc(doc(db, `${templatesPath()}/video_sms`), { body: 'Your favourite colour is [Favourite Colour].' }),
    delete: (db) => deleteDoc(doc(db, `${templatesPath()}/video_sms`)),
  },
})
