import { z } from 'zod'
import { documentId } from '../lib/validation'

/** The input of the attachment callables: one file of one visit. */
export const AttachmentRefInput = z
  .object({
    practiceId: documentId('practice'),
    appointmentId: documentId('visit'),
    attachmentId: documentId('file'),
  })
  .strict()
