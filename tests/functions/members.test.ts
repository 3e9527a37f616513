import { randomUUID } from 'node:crypto'
import { FieldValue } from 'firebase-admin/firestore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { admin, closeClients, createAccount, eventually, expectCallableError, signedInClient } from './support/emulators'

const practiceId = `fn-members-${randomUUID().slice(0, 8)}`
const memberDoc = (uid: string) => admin().db.doc(`practices/${practiceId}/members/${uid}`)

async function addMemberDirectly(uid: string, email: string, role: string) {
  await memberDoc(uid).set({ uid, email, displayName: email, role, createdAt: FieldValue.serverTimestamp(), updatedAt: FieldValue.serverTimestamp() })
}

async function claimedRole(uid: string): Promise<string | null> {
  const user = await admin().auth.getUser(uid)
  return (user.customClaims?.roles as Record<string, string> | undefined)?.[practiceId] ?? null
}

let owner: Awaited<ReturnType<typeof createAccount>>
let staff: Awaited<ReturnType<typeof createAccount>>

beforeAll(async () => {
  await admin().db.doc(`practices/${practiceId}`).set({ name: 'Test Practice', timeZone: 'Australia/Sydney', phone: '+61290000001' })
  owner = await createAccount('Owner One')
  staff = await createAccount('Staff One')
  await addMemberDirectly(owner.uid, owner.email, 'owner')
  await addMemberDirectly(staff.uid, staff.email, 'staff')
  await eventually(async () => ((await claimedRole(staff.uid)) === 'staff' ? true : undefined))
})
afterAll(closeClients)

describe('syncMemberClaims', () => {
  it('mirrors a role written in the console into custom claims and touches users/{uid}', async () => {
    const person = await createAccount('Console Added')
    await memberDoc(person.uid).set({ email: person.email, displayName: 'Console Added', role: 'practitioner' })
    await eventually(async () => ((await claimedRole(person.uid)) === 'practitioner' ? true : undefined))
    const userDoc = await admin().db.doc(`users/${person.uid}`).get()
    expect(userDoc.get(`roles.${practiceId}`)).toBe('practitioner')
    expect(userDoc.get('claimsUpdatedAt')).toBeTruthy()
    // The trigger backfills the uid field a hand-written member document may lack.
    await eventually(async () => ((await memberDoc(person.uid).get()).get('uid') === person.uid ? true : undefined))
  })

  it('follows a role change and drops the role when the member document is deleted', async () => {
    const person = await createAccount('Changing Role')
    await addMemberDirectly(person.uid, person.email, 'staff')
    await eventually(async () => ((await claimedRole(person.uid)) === 'staff' ? true : undefined))
    await memberDoc(person.uid).update({ role: 'owner' })
    await eventually(async () => ((await claimedRole(person.uid)) === 'owner' ? true : undefined))
    await memberDoc(person.uid).delete()
    await eventually(async () => ((await claimedRole(person.uid)) === null ? true : undefined))
  })

  it('keeps roles in other practices when one membership changes', async () => {
    const person = await createAccount('Two Practices')
    const otherPractice = `${practiceId}-other`
    await admin().db.doc(`practices/${otherPractice}/members/${person.uid}`).set({ uid: person.uid, email: person.email, role: 'staff' })
    await addMemberDirectly(person.uid, person.email, 'practitioner')
    const roles = await eventually(async () => {
      const claims = (await admin().auth.getUser(person.uid)).customClaims?.roles as Record<string, string> | undefined
      return claims?.[practiceId] && claims[otherPractice] ? claims : undefined
    })
    expect(roles).toEqual({ [practiceId]: 'practitioner', [otherPractice]: 'staff' })
  })
})

describe('changeMemberRole and removeMember', () => {
  it('refuses to leave a practice without an owner', async () => {
    const client = await signedInClient(owner.email, owner.password)
    await expectCallableError(client.call('changeMemberRole', { practiceId, uid: owner.uid, role: 'staff' }), 'failed-precondition', 'A practice must keep at least one owner.')
    await expectCallableError(client.call('removeMember', { practiceId, uid: owner.uid }), 'failed-precondition')
    expect((await memberDoc(owner.uid).get()).get('role')).toBe('owner')
  })

  it('changes a role and removes a member, auditing both', async () => {
    const person = await createAccount('Short Stay')
    await addMemberDirectly(person.uid, person.email, 'staff')
    const client = await signedInClient(owner.email, owner.password)
    await client.call('changeMemberRole', { practiceId, uid: person.uid, role: 'practitioner' })
    expect((await memberDoc(person.uid).get()).get('role')).toBe('practitioner')
    await client.call('removeMember', { practiceId, uid: person.uid })
    expect((await memberDoc(person.uid).get()).exists).toBe(false)
    const audit = await admin().db.collection(`practices/${practiceId}/audit`).where('target.id', '==', person.uid).get()
    expect(audit.docs.map((d) => d.get('action')).sort()).toEqual(['member.removed', 'member.roleChanged'])
  })

  it('refuses a member of another practice', async () => {
    const outsider = await createAccount('Outsider')
    await admin().db.doc(`practices/${practiceId}-elsewhere/members/${outsider.uid}`).set({ uid: outsider.uid, email: outsider.email, role: 'owner' })
    const client = await signedInClient(outsider.email, outsider.password)
    await expectCallableError(client.call('changeMemberRole', { practiceId, uid: staff.uid, role: 'owner' }), 'permission-denied')
  })
})
