import { Timestamp, type Query, type QueryDocumentSnapshot } from 'firebase-admin/firestore'
import { db } from '../lib/db'
import { collectionGroups } from '../lib/paths'
import { logs } from '../lib/logs'
import { processReminder } from './processReminder'
import { newSendContext, newSweepStats, type SendConfig, type SweepStats } from './sendContext'
import type { SmsSender } from '../lib/twilioClient'

export interface SweepOptions {
  now?: Date
  /** SMS transport: Twilio in production, the fake server or a stub in tests. */
  sender: SmsSender
  /** Defaults to the functions' params. */
  config?: SendConfig
  /** Pass one in to read the counts (documents read, sent, …) after the run. */
  stats?: SweepStats
  /** Reminders processed at once. Each is its own small transaction. */
  concurrency?: number
  /**
   * Only this practice's reminders (tests, which share one emulator, and re-running one practice by hand).
   * The scheduled sweep leaves it unset.
   */
  practiceId?: string
}

const PAGE_SIZE = 300

/** Every document matching `query`, a page at a time, counting each document read. */
async function* pages(query: Query, stats: SweepStats): AsyncGenerator<QueryDocumentSnapshot[]> {
  let last: QueryDocumentSnapshot | undefined
  for (;;) {
    const page = await (last ? query.startAfter(last) : query).limit(PAGE_SIZE).get()
    // An empty result is still billed as one read.
    stats.documentsRead += Math.max(page.size, 1)
    if (page.empty) return
    yield page.docs
    if (page.size < PAGE_SIZE) return
    last = page.docs[page.docs.length - 1]
  }
}

/**
 * One pass over the outbox: every reminder that is due (`state == 'scheduled' && dueAt <= now`, a collection-group
 * query on the (state, dueAt) index), plus claims abandoned by a sweep that died. Reads grow with the reminders that
 * are due, never with the number of appointments. Safe to run twice or concurrently: see {@link processReminder}.
 */
export async function runReminderSweep(options: SweepOptions): Promise<SweepStats> {
  const now = options.now ?? new Date()
  const stats = options.stats ?? newSweepStats()
  const ctx = newSendContext({ now, sender: options.sender, stats, ...(options.config ? { config: options.config } : {}) })
  const at = Timestamp.fromDate(now)
  const all = db().collectionGroup(collectionGroups.reminders)
  const reminders = options.practiceId ? all.where('practiceId', '==', options.practiceId) : all
  const queries = [
    reminders.where('state', '==', 'scheduled').where('dueAt', '<=', at).orderBy('dueAt'),
    reminders.where('state', '==', 'sending').where('leaseExpiresAt', '<=', at).orderBy('leaseExpiresAt'),
  ]
  const concurrency = Math.max(1, options.concurrency ?? 16)
  for (const query of queries) {
    for await (const docs of pages(query, stats)) {
      let next = 0
      const worker = async () => {
        while (next < docs.length) {
          const doc = docs[next++]!
          try {
            // The query's own copy of the reminder is what processReminder claims against: no second read.
            await processReminder(ctx, doc)
          } catch (err) {
            // One bad document must not stop the others; it stays as it was and the next sweep retries it.
            logs.reminderError(doc.ref.path, err)
          }
        }
      }
      await Promise.all(Array.from({ length: Math.min(concurrency, docs.length) }, worker))
    }
  }
  logs.reminderSweep({ ...stats })
  return stats
}
