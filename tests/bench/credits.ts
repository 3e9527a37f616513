/**
 * Bench: credits under load, against the emulators of `npm run bench`.
 *
 * 1. 1,000 live visits end at once: 600 by the practitioner's End, each End sent twice; 400 abandoned ones by the
 *    sweep, 100 of which also get an End racing the sweep. Wall time until every visit is settled, the expected
 *    and the actual balance, and the number of visit entries in the ledger (must be 1,000).
 * 2. A ledger of 10,000 entries: documents read for the Billing page's first page and for the CSV export, with the
 *    same query code the page runs (web/src/billing), signed in as the owner.
 */
import { randomUUID } from 'node:crypto'
import { Timestamp, type WriteBatch } from 'firebase-admin/firestore'
import { applyLedgerEntry, runLedgerTransaction } from '../../functions/src/billing/ledger'
import { sweepAbandonedVisits } from '../../functions/src/billing/sweepAbandonedVisits'
import { MESSAGING_CHANNELS } from '../../functions/src/domain/messaging'
import { ledgerQuery } from '../../web/src/billing/ledgerQuery'
import { fetchAll, fetchPage } from '../../web/src/billing/pagedQuery'
import { admin, closeClients, createAccount, signedInClient } from '../functions/support/emulators'
import { collection } from 'firebase/firestore'

const MINUTE = 60_000
const VISITS = 1_000
const ENDED_BY_PRACTITIONER = 600
const RACED = 100
const LEDGER_ENTRIES = 10_000
/** End calls in flight at once (BENCH_END_CONCURRENCY): on 2 CPUs more only adds emulator worker processes. */
const END_CONCURRENCY = Number(process.env.BENCH_END_CONCURRENCY ?? 16)

export interface CreditsBench {
  visits: number
  wallMs: number
  /** Until every End call had returned (the sweep may still be settling). */
  endsMs: number
  endConcurrency: number
  expectedBalance: number
  actualBalance: number
  ledgerSum: number
  visitEntries: number
  endCalls: number
  endFailures: number
  /** The same number of End calls refused before reading anything (bad input): what the emulator alone costs. */
  floorMs: number
  firstPageReads: number
  exportReads: number
  exportRows: number
}

async function commitAll(writes: [string, Record<string, unknown>][]) {
  const db = admin().db
  let batch: WriteBatch = db.batch()
  let pending = 0
  const commits: Promise<unknown>[] = []
  for (const [path, data] of writes) {
    batch.set(db.doc(path), data)
    if (++pending === 400) {
      commits.push(batch.commit())
      batch = db.batch()
      pending = 0
    }
  }
  if (pending) commits.push(batch.commit())
  await Promise.all(commits)
}

async function newPractice(name: string, reminderOffsetsHours: number[] = []) {
  const practiceId = `bench-credits-${randomUUID().slice(0, 8)}`
  const account = await createAccount(name)
  await commitAll([
    [`practices/${practiceId}`, { name, timeZone: 'UTC', phone: '+61290000099', settings: { joinWindowMinutes: 10, reminderOffsetsHours, idleTimeoutMinutes: 15 } }],
    [`practices/${practiceId}/members/${account.uid}`, { uid: account.uid, email: account.email, displayName: name, role: 'owner' }],
  ])
  return { practiceId, account }
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = []
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++
      results[i] = await tasks[i]!().then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      )
    }
  }
  await Promise.all(Array.from({ length: limit }, worker))
  return results
}

async function benchSettlement(): Promise<Omit<CreditsBench, 'firstPageReads' | 'exportReads' | 'exportRows'>> {
  // One reminder offset, so each appointment's reminder trigger leaves its (past, skipped) reminders behind: the
  // bench waits for them all before the clock starts (see below).
  const { practiceId, account } = await newPractice('Bench settlement', [24])
  const startingCredits = 10_000
  await runLedgerTransaction((tx) =>
    applyLedgerEntry(tx, practiceId, { id: 'adjust_bench-start', kind: 'adjustment', delta: startingCredits, ref: { type: 'adjustment', id: 'bench-start' }, details: { reason: 'bench' }, actor: { kind: 'system' } }),
  )
  // Every visit started 25 minutes ago with one patient. The practitioner's End (now) and the sweep (the last
  // heartbeat, 16 minutes in, stale for 9) both make that 2 blocks: 4 credits, whichever settles it.
  const now = Date.now()
  const startedAt = new Date(now - 25 * MINUTE)
  const writes: [string, Record<string, unknown>][] = []
  const refs: { practiceId: string; appointmentId: string }[] = []
  for (let i = 0; i < VISITS; i++) {
    const appointmentId = `bench-visit-${String(i).padStart(4, '0')}`
    refs.push({ practiceId, appointmentId })
    const base = `practices/${practiceId}`
    writes.push([`${base}/appointments/${appointmentId}`, { practitionerId: account.uid, start: startedAt, end: new Date(startedAt.getTime() + 30 * MINUTE), location: 'video', status: 'scheduled', patientIds: ['p1'], patients: [] }])
    writes.push([`${base}/visits/${appointmentId}`, { practitionerId: account.uid, patientIds: ['p1'], status: 'live', mediaProvider: 'webrtc', practitionerJoinedAt: Timestamp.fromDate(startedAt), joinedPatientIds: ['p1'], endedAt: null, endedBy: null }])
    const lastSeen = i < ENDED_BY_PRACTITIONER ? new Date(now) : new Date(startedAt.getTime() + 16 * MINUTE)
    writes.push([`${base}/visits/${appointmentId}/participants/${account.uid}`, { role: 'practitioner', state: 'in-visit', joinedAt: startedAt, lastSeenAt: Timestamp.fromDate(lastSeen) }])
  }
  await commitAll(writes)
  // Writing 1,000 appointments sets off 1,000 planReminders triggers; were they still running when the clock
  // starts, the bench would time them along with the settlement.
  const reminders = admin().db.collectionGroup('reminders').where('practiceId', '==', practiceId)
  const triggersDoneBy = Date.now() + 180_000
  while ((await reminders.count().get()).data().count < VISITS * MESSAGING_CHANNELS.length) {
    if (Date.now() > triggersDoneBy) throw new Error('The appointments\' reminder triggers did not finish within 3 minutes.')
    await new Promise((r) => setTimeout(r, 500))
  }
  const expectedBalance = startingCredits - VISITS * 4

  const practitioner = await signedInClient(account.email, account.password)
  const ends = [
    ...refs.slice(0, ENDED_BY_PRACTITIONER).flatMap((ref) => [ref, ref]),
    ...refs.slice(ENDED_BY_PRACTITIONER, ENDED_BY_PRACTITIONER + RACED),
  ].map((ref) => () => practitioner.call('endVisit', ref))

  // The functions emulator runs one request per worker process and starts a process (a cold start, seconds of
  // CPU here) for each request that finds none idle; Cloud Functions v2 serves up to 80 at once per instance. So
  // the workers are brought up first, with calls that are refused at once (no such visit), and the clock measures
  // settlement, not 48 Node start-ups.
  await pool(Array.from({ length: END_CONCURRENCY }, (_, i) => () => practitioner.call('endVisit', { practiceId, appointmentId: `bench-warm-${i}` })), END_CONCURRENCY)

  const t0 = performance.now()
  let endsMs = 0
  const [endResults] = await Promise.all([
    pool(ends, END_CONCURRENCY).then((results) => {
      endsMs = performance.now() - t0
      return results
    }),
    sweepAbandonedVisits({ practiceId, concurrency: 16 }),
    sweepAbandonedVisits({ practiceId, concurrency: 16 }),
  ])
  // Whatever an End lost to a timeout, a later sweep pass would settle: count the time until all have.
  for (let pass = 0; pass < 5; pass++) {
    const live = await admin().db.collection(`practices/${practiceId}/visits`).where('status', '==', 'live').count().get()
    if (live.data().count === 0) break
    await sweepAbandonedVisits({ practiceId, now: new Date(Date.now() + 10 * MINUTE) })
  }
  const wallMs = performance.now() - t0

  // The floor under those figures: as many End calls, as many in flight, each refused on its input before any
  // read, so all they cost is the functions emulator's own handling of a callable.
  const f0 = performance.now()
  await pool(ends.map(() => () => practitioner.call('endVisit', {})), END_CONCURRENCY)
  const floorMs = performance.now() - f0

  const balance = (await admin().db.doc(`practices/${practiceId}/billing/credits`).get()).get('balance') as number
  const ledger = await admin().db.collection(`practices/${practiceId}/creditLedger`).get()
  return {
    visits: VISITS,
    wallMs,
    endsMs,
    endConcurrency: END_CONCURRENCY,
    expectedBalance,
    actualBalance: balance,
    ledgerSum: ledger.docs.reduce((sum, d) => sum + (d.get('delta') as number), 0),
    visitEntries: ledger.docs.filter((d) => d.id.startsWith('visit_')).length,
    endCalls: ends.length,
    endFailures: endResults.filter((r) => r.status === 'rejected').length,
    floorMs,
  }
}

async function benchLedgerPage(): Promise<Pick<CreditsBench, 'firstPageReads' | 'exportReads' | 'exportRows'>> {
  const { practiceId, account } = await newPractice('Bench ledger')
  const writes: [string, Record<string, unknown>][] = []
  const first = Date.now() - LEDGER_ENTRIES * MINUTE
  let balance = 0
  for (let i = 0; i < LEDGER_ENTRIES; i++) {
    const grant = i % 10 === 0
    const delta = grant ? 50 : -4
    balance += delta
    const id = grant ? `grant_bench-${i}` : `visit_bench-${i}`
    writes.push([`practices/${practiceId}/creditLedger/${id}`, { kind: grant ? 'grant' : 'visit', delta, balanceAfter: balance, ref: { type: grant ? 'grant' : 'visit', id: `bench-${i}` }, details: grant ? { reason: 'bench' } : { blocks: 2, patients: 1, reason: 'ended-by-practitioner' }, actor: { kind: 'system' }, at: Timestamp.fromMillis(first + i * MINUTE) }])
  }
  writes.push([`practices/${practiceId}/billing/credits`, { balance, entryCount: LEDGER_ENTRIES, lastEntryId: 'bench', updatedAt: Timestamp.now() }])
  await commitAll(writes)

  const owner = await signedInClient(account.email, account.password)
  const ledger = collection(owner.db, 'practices', practiceId, 'creditLedger')
  const all = ledgerQuery(ledger, { kind: null, from: null, to: null })
  const page = await fetchPage(all, 25, null)
  const exported = await fetchAll(all)
  return { firstPageReads: page.documentsRead, exportReads: exported.documentsRead, exportRows: exported.rows.length }
}

export async function benchCredits(): Promise<CreditsBench> {
  try {
    const settlement = await benchSettlement()
    const ledger = await benchLedgerPage()
    return { ...settlement, ...ledger }
  } finally {
    await closeClients()
  }
}
