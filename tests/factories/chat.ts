/**
 * Test data builders for the in-visit chat: messages, file records and chunks (shapes in
 * functions/src/domain/chat.ts and functions/src/domain/attachments.ts). Plain objects only; a client write that
 * the rules require to carry the request time overrides the times with `serverTimestamp()`.
 */
import type { AttachmentDoc } from '../../functions/src/domain/attachments'
import type { MessageDoc } from '../../functions/src/domain/chat'
import { uniqueId } from './ids'

const HOUR = 3_600_000

/** In 24 hours: the TTL backstop a client writes. */
export const chatExpiry = () => new Date(Date.now() + 24 * HOUR)

export type MessageDocData = Omit<MessageDoc, 'sentAt' | 'expireAt'> & { sentAt: unknown; expireAt: unknown }

/** A message from a patient called Amelia. */
export function aMessage(overrides: Partial<MessageDocData> = {}): MessageDocData {
  return {
    senderId: uniqueId('patient'),
    senderRole: 'patient',
    senderName: 'Amelia',
    text: 'Hello 👋',
    clientSeq: 0,
    sentAt: new Date(),
    expireAt: chatExpiry(),
    ...overrides,
  }
}

export type AttachmentDocData = Omit<AttachmentDoc, 'createdAt' | 'expireAt' | 'scannedAt'> & { createdAt: unknown; expireAt: unknown }

/** A one-chunk PDF being uploaded. */
export function anAttachment(overrides: Partial<AttachmentDocData> = {}): AttachmentDocData {
  return {
    uploaderId: uniqueId('patient'),
    uploaderName: 'Amelia',
    fileName: 'referral.pdf',
    contentType: 'application/pdf',
    sizeBytes: 1200,
    chunkCount: 1,
    status: 'uploading',
    createdAt: new Date(),
    expireAt: chatExpiry(),
    ...overrides,
  }
}

