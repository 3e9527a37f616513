import { randomUUID } from 'node:crypto'
import { doc, collection, onSnapshot, query, orderBy } from 'firebase/firestore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { effectScope, nextTick, shallowRef, watch } from 'vue'
import { useCollection, useDocument } from '../../web/src/composables/useFirestore'
import { admin, closeClients, createAccount, eventually, signedInClient } from '../functions/support/emulators'

const practiceId = `web-listen-${randomUUID().slice(0, 8)}`
const practicePath = `practices/${practiceId}`
let client: Awaited<ReturnType<typeof signedInClient>>

beforeAll(async () => {
  const member = await createAccount('Listener')
  const db = admin().db
  await db.doc(practicePath).set({ name: 'Listen Clinic' })
  await db.doc(`${practicePath}/members/${member.uid}`).set({ uid: member.uid, role: 'staff', email: member.email, displayName: 'Listener' })
  await db.doc(`${practicePath}/patients/a`).set({ firstName: 'Ada' })
  await db.doc(`${practicePath}/patients/b`).set({ firstName: 'Bo' })
  client = await signedInClient(member.email, member.password)
})
afterAll(closeClients)

const until = (probe: () => boolean) => eventually(async () => (probe() ? true : undefined), 10_000)

describe('useDocument', () => {
  it('rebinds when its source changes and stops listening when its scope is disposed', async () => {
    const scope = effectScope()
    const source = shallowRef(doc(client.db, `${practicePath}/patients/a`))
    const { data, pending } = scope.run(() => useDocument(source))!
    expect(pending.value).toBe(true)
    await until(() => data.value?.firstName === 'Ada')
    expect(pending.value).toBe(false)

    source.value = doc(client.db, `${practicePath}/patients/b`)
    await until(() => data.value?.firstName === 'Bo')

    // The old listener is gone: a change to the first document no longer reaches `data`.
    await admin().db.doc(`${practicePath}/patients/a`).update({ firstName: 'Ada changed' })
    await admin().db.doc(`${practicePath}/patients/b`).update({ firstName: 'Bo changed' })
    await until(() => data.value?.firstName === 'Bo changed')

    // Every snapshot the composable's listener delivers lands in `data`: count them, from outside the scope.
    const deliveries = { count: 0 }
    const counter = effectScope()
    counter.run(() => watch(data, () => (deliveries.count += 1), { flush: 'sync' }))
    // A live control listener on the same document and client: once it has seen the write, so would have any
    // listener still attached (one client delivers a document change to all its listeners together).
    const control: string[] = []
    const stopControl = onSnapshot(doc(client.db, `${practicePath}/patients/b`), (s) => void control.push(s.get('firstName') as string))
    await until(() => control.includes('Bo changed'))
    await admin().db.doc(`${practicePath}/patients/b`).update({ firstName: 'Before dispose' })
    await until(() => control.includes('Before dispose'))
    await until(() => data.value?.firstName === 'Before dispose')
    const beforeDispose = deliveries.count
    expect(beforeDispose).toBeGreaterThan(0)

    scope.stop()
    await admin().db.doc(`${practicePath}/patients/b`).update({ firstName: 'After dispose' })
    await until(() => control.includes('After dispose'))
    stopControl()
    counter.stop()
    expect(deliveries.count).toBe(beforeDispose)
    expect(data.value?.firstName).toBe('Before dispose')
  })

  it('does not listen to a null source', async () => {
    const scope = effectScope()
    const { data, pending, error } = scope.run(() => useDocument(null))!
    await nextTick()
    expect([data.value, pending.value, error.value]).toEqual([null, false, null])
    scope.stop()
  })

  it('reports a denied listener as an error instead of data', async () => {
    const scope = effectScope()
    const { data, error } = scope.run(() => useDocument(doc(client.db, 'practices/someone-elses-practice')))!
    await until(() => error.value !== null)
    expect(error.value?.code).toBe('permission-denied')
    expect(data.value).toBeNull()
    scope.stop()
  })
})

describe('useCollection', () => {
  it('follows additions live', async () => {
    const scope = effectScope()
    const patients = query(collection(client.db, `${practicePath}/patients`), orderBy('firstName'))
    const { data } = scope.run(() => useCollection(patients))!
    await until(() => data.value.length === 2)
    await admin().db.doc(`${practicePath}/patients/c`).set({ firstName: 'Cy' })
    await until(() => data.value.length === 3)
    expect(data.value.map((p) => p.firstName as string)).toContain('Cy')
    scope.stop()
  })
})
