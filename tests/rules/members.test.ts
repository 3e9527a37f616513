import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing'
import { collection, collectionGroup, deleteDoc, doc, getDoc, getDocs, query, setDoc, updateDoc, where } from 'firebase/firestore'
import { describe, it } from 'vitest'
import { aMember } from '../factories/practice'
import { uniqueId } from '../factories/ids'
import { describeAccessMatrix, firestoreAs, MEMBERS_READ_ONLY, rulesTestFile } from './rulesTestEnv'

const rules = rulesTestFile('members')

const membersPath = () => `practices/${rules.team.practiceId}/members`
const staffMemberPath = () => `${membersPath()}/${rules.team.staff}`

// Membership changes go through the inviteMember / acceptMemberInvitation / changeMemberRole / removeMember callables (owner
// only, audited, last owner kept), so even the owner cannot write member documents directly.
describeAccessMatrix('members', {
  subject: {
    get: 'a member',
    list: 'the team',
    create: 'a member',
    update: "a member's role",
    delete: 'a member',
  },
  access: MEMBERS_READ_ONLY,
  as: (actor) => firestoreAs(rules.env, rules.team, actor),
  run: {
    get: (db) => getDoc(doc(db, staffMemberPath())),
    list: (db) => getDocs(collection(db, membersPath())),
    create: (db) => {
      const uid = uniqueId('user')
      return setDoc(doc(db, membersPath(), uid), aMember({ uid, role: 'owner' }))
    },
    update: (db) => updateDoc(doc(db, staffMemberPath()), { role: 'owner' }),
    delete: (db) => deleteDoc(doc(db, staffMemberPath())),
  },
})

describe('members: escalation attempts', () => {
  it('a staff member cannot promote themselves to owner', async () => {
    const db = firestoreAs(rules.env, rules.team, 'staff')
    await assertFails(updateDoc(doc(db, staffMemberPath()), { role: 'owner' }))
  })

  it('a member of another practice cannot add themselves to this practice', async () => {
    const db = firestoreAs(rules.env, rules.team, 'member of another practice')
    await assertFails(setDoc(doc(db, membersPath(), rules.team.outsider), aMember({ uid: rules.team.outsider, role: 'owner' })))
  })

  // Only syncMemberClaims queries collectionGroup('members'), with the Admin SDK.
  it('even an owner cannot query members across practices with a collection-group query', async () => {
    const db = firestoreAs(rules.env, rules.team, 'owner')
    await assertFails(getDocs(query(collectionGroup(db, 'members'), where('uid', '==', rules.team.owner))))
  })

  it('a member can read their own membership', async () => {
    const db = firestoreAs(rules.env, rules.team, 'practitioner')
    await assertSucceeds(getDoc(doc(db, membersPath(), rules.team.practitioner)))
  })

  it('a member can list the team filtered by role', async () => {
    const db = firestoreAs(rules.env, rules.team, 'staff')
    await assertSucceeds(getDocs(query(collection(db, membersPath()), where('role', '==', 'practitioner'))))
  })
})
