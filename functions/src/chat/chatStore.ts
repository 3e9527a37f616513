import type { VisitRef } from '../domain/visit'
import { visitRefs } from '../visits/visitStore'

/** The chat documents of one visit (docs/data-model.md): messages, and attachments with their chunks. */
export function chatRefs(ref: VisitRef) {
  const { visit } = visitRefs(ref)
  const attachments = visit.collection('attachments')
  return {
    messages: visit.collection('messages'),
    attachments,
    attachment: (attachmentId: string) => attachments.doc(attachmentId),
    chunks: (attachmentId: string) => attachments.doc(attachmentId).collection('chunks'),
  }
}
