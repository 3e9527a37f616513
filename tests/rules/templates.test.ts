import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from 'firebase/firestore'
import { describeAccessMatrix, firestoreAs, seed, MEMBERS_READ_ONLY, rulesTestFile } from './rulesTestEnv'

// Reminder templates: every member reads them (practitioners see them read-only); only the
// saveReminderTemplate callable writes, because rules can't check the terms in the text.


const templatesPath = () => `practices/${rules.team.practiceId}/templates`
const aTemplate = () => ({ kind: 'video', channel: 'sms', body: 'Hi [First Name], see you at [Time].', updatedAt: new Date(), updatedBy: rules.team.owner })

const rules = rulesTestFile('templates', async (env) => {
  await seed(env, { [`${templatesPath()}/video_sms`]: aTemplate() })
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
  as: (actor) => firestoreAs(rules.env, rules.team, actor),
  run: {
    get: (db) => getDoc(doc(db, `${templatesPath()}/video_sms`)),
    list: (db) => getDocs(collection(db, templatesPath())),
    create: (db) => setDoc(doc(db, `${templatesPath()}/phone_sms`), { ...aTemplate(), kind: 'phone' }),
    update: (db) => updateDoc(doc(db, `${templatesPath()}/video_sms`), { body: 'Your favourite colour is [Favourite Colour].' }),
    delete: (db) => deleteDoc(doc(db, `${templatesPath()}/video_sms`)),
  },
})
