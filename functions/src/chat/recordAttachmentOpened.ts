import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { appendAudit } from '../audit/appendAudit'
import { parseInput } from '../lib/validation'
import { requireVisitCaller } from '../visits/visitCaller'
import { AttachmentRefInput } from './attachmentInput'
import { chatRefs } from './chatStore'

/**
 * Audits that a participant opened a shared file (`attachment.opened`, ids only). The browser assembles the file
 * from its chunks, which the rules let it read, then calls this; the audit never holds a name or content.
 */
export const recordAttachmentOpened = onCall(async (request): Promise<{ recorded: true }> => {
  const input = parseInput(AttachmentRefInput, request.data)
  const ref = { practiceId: input.practiceId, appointmentId: input.appointmentId }
  const { caller } = await requireVisitCaller(request, ref, ['practitioner', 'patient'], {
    refusal: 'Only the participants of this visit can open its files.',
    patientMayHaveLeft: true,
  })
  const attachment = await chatRefs(ref).attachment(input.attachmentId).get()
  if (attachment.get('status') !== 'clean') throw new HttpsError('not-found', 'That file is not available.')
  await appendAudit(ref.practiceId, {
    actor: { uid: caller.uid, role: caller.role },
    action: 'attachment.opened',
    target: { type: 'attachment', id: input.attachmentId },
    details: { visitId: ref.appointmentId },
  })
  return { recorded: true }
})
