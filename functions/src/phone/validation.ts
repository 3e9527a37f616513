import { z } from 'zod'
import { isE164 } from '../domain/phoneNumbers'
import { documentId } from '../lib/validation'

const e164 = (what: string) => z.string({ error: `The ${what} is missing.` }).refine(isE164, `The ${what} must be a phone number in international form, like +61291234567.`)

export const PhoneAccessInput = z.object({ practiceId: documentId('practice') }).strict()

export const HoldCallInput = z
  .object({ practiceId: documentId('practice'), callSid: documentId('call'), hold: z.boolean({ error: 'Say whether to hold or resume.' }) })
  .strict()

export const SavePhoneNumberInput = z
  .object({
    practiceId: documentId('practice'),
    e164: e164('number'),
    label: z.string().trim().min(1, 'Give the number a label.').max(60, 'The label is too long (60 characters at most).'),
    voice: z.boolean(),
    sms: z.boolean(),
    allowedMemberIds: z.array(documentId('member')).max(200),
  })
  .strict()

/**
 * What the browser passes through Twilio to the voice webhook (the Voice SDK's connect params), checked once the
 * signature is. Twilio adds its own parameters (CallSid, From, AccountSid, …) to the same form; those are read
 * separately, so only these keys are validated here.
 */
export const VoiceCallParams = z
  .object({
    practiceId: documentId('practice'),
    fromNumber: e164('number to call from'),
    recipientKind: z.enum(['patient', 'contact'], { error: 'The recipient is malformed.' }),
    recipientId: documentId('recipient'),
    onBehalfOf: documentId('practitioner'),
    appointmentId: documentId('appointment').optional(),
  })
  .strict()

export const TwilioCallFields = z.object({
  CallSid: z.string().regex(/^CA[0-9a-f]{32}$/i, 'The Call SID is malformed.'),
  From: z.string().regex(/^client:[A-Za-z0-9_-]{1,128}$/, 'The caller is malformed.'),
})

/** The status callback's query: plain ids that the voice webhook put into the URL. */
export const StatusCallbackQuery = z.object({ practiceId: documentId('practice'), callSid: documentId('call') }).strict()

export const StatusCallbackFields = z.object({
  CallSid: z.string().regex(/^CA[0-9a-f]{32}$/i),
  CallStatus: z.string().min(1).max(20),
  SequenceNumber: z.coerce.number().int().min(0),
  CallDuration: z.coerce.number().int().min(0).optional(),
})
