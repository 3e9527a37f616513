import { db } from '../lib/db'
import type { VisitRef } from '../domain/visit'
import { chatRefs } from './chatStore'

/**
 * Deletes every message, attachment and chunk of a visit: nothing said or shared in a visit outlives it.
 * recursiveDelete resumes where a cut-short run stopped, so calling it again (every End does) finishes the job.
 * `present`: the visit's sub-collections as just listed, when the caller has (the End's clean-up); only those are
 * gone through, since a query of an empty collection still costs a round trip.
 */
export async function deleteVisitChat(ref: VisitRef, present?: ReadonlySet<string>): Promise<void> {
  const refs = chatRefs(ref)
  const chat = [refs.messages, refs.attachments].filter((collection) => !present || present.has(collection.id))
  await Promise.all(chat.map((collection) => db().recursiveDelete(collection)))
}
