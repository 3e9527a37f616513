import { collection, deleteDoc, doc, getDoc, getDocs, query, setDoc, updateDoc, where, type Firestore } from 'firebase/firestore'
import { aUser } from '../factories/practice'
import { uniqueId } from '../factories/ids'
import { allow, deny, describeAccessMatrix, firestoreAs, firestoreOf, rulesTestFile } from './rulesTestEnv'

let newcomer: string

const rules = rulesTestFile('users', () => {
  newcomer = uniqueId('newcomer')
})

type UserActor = 'signed out' | 'another signed-in user' | 'a user with no practice yet' | 'the user'

function as(actor: UserActor): Firestore {
  switch (actor) {
    case 'signed out':
      return firestoreAs(rules.env, rules.team, 'signed out')
    case 'another signed-in user':
      return firestoreAs(rules.env, rules.team, 'owner')
    case 'a user with no practice yet':
      return firestoreOf(rules.env.authenticatedContext(newcomer))
    case 'the user':
      return firestoreAs(rules.env, rules.team, 'staff')
  }
}

const userPath = () => `users/${rules.team.staff}`

// users/{uid} mirrors the role claims; only syncMemberClaims (Admin SDK) writes it. Its owner reads
// it to learn when to refresh the ID token. A write from the client could forge the mirror, so even
// the user cannot write their own.
describeAccessMatrix<UserActor>('users', {
  subject: {
    get: "the user's roles mirror",
    list: "users' roles mirrors",
    create: 'the roles mirror of a user with no practice yet',
    update: "the user's roles mirror",
    delete: "the user's roles mirror",
  },
  access: {
    'signed out': { get: deny, list: deny, create: deny, update: deny, delete: deny },
    'another signed-in user': { get: deny, list: deny, create: deny, update: deny, delete: deny },
    'a user with no practice yet': { get: deny, list: deny, create: deny, update: deny, delete: deny },
    'the user': { get: allow, list: deny, create: deny, update: deny, delete: deny },
  },
  as,
  run: {
    get: (db) => getDoc(doc(db, userPath())),
    // Even narrowed to one role, a list of users would reveal who belongs to which practice.
    list: (db) => getDocs(query(collection(db, 'users'), where(`roles.${rules.team.practiceId}`, '==', 'staff'))),
    create: (db) => setDoc(doc(db, 'users', newcomer), aUser({ roles: { [rules.team.practiceId]: 'owner' } })),
    update: (db) => updateDoc(doc(db, userPath()), { [`roles.${rules.team.practiceId}`]: 'owner' }),
    delete: (db) => deleteDoc(doc(db, userPath())),
  },
})
