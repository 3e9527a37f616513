import { db } from '../lib/db'
import type { VisitRef } from '../domain/visit'
import { chatRefs } from './chatStore'

/**
 * Deletes every message, attachment and chunk of a visit: nothing said or shared in a visit outlives it.
 * recursiveDelete resumes where a cut-short run stopped, so calling it again (every End does) finishes the job.
 */
export async function deleteVisitChat(ref: VisitRef): Promise<void> {
  const refs = chatRefs(ref)
  await Promise.all([db().recursiveDelete(refs.messages), db().recursiveDelete(refs.attachments)])
}
