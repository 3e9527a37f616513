import { collection, getDocs, query, where, type Firestore } from 'firebase/firestore'
import { aUser } from '../factories/practice'
import { uniqueId } from '../factories/ids'
import { describeAccessMatrix, documentRequests, firestoreOf, NO_ACCESS, only, rulesTestFile } from './rulesTestEnv'

let newcomer: string

const rules = rulesTestFile('users', () => {
  newcomer = uniqueId('newcomer')
})

type UserActor = 'signed out' | 'another signed-in user' | 'a user with no practice yet' | 'the user'

function as(actor: UserActor): Firestore {
  switch (actor) {
    case 'signed out':
      return rules.as('signed out')
    case 'another signed-in user':
      return rules.as('owner')
    case 'a user with no practice yet':
      return firestoreOf(rules.env.authenticatedContext(newcomer))
    case 'the user':
      return rules.as('staff')
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
    'signed out': NO_ACCESS,
    'another signed-in user': NO_ACCESS,
    'a user with no practice yet': NO_ACCESS,
    'the user': only('get'),
  },
  as,
  run: {
    ...documentRequests({
      document: userPath,
      collection: () => 'users',
      create: () => ({ path: `users/${newcomer}`, data: aUser({ roles: { [rules.team.practiceId]: 'owner' } }) }),
      update: () => ({ [`roles.${rules.team.practiceId}`]: 'owner' }),
    }),
    // Even narrowed to one role, a list of users would reveal who belongs to which practice.
    list: (db) => getDocs(query(collection(db, 'users'), where(`roles.${rules.team.practiceId}`, '==', 'staff'))),
  },
})
