import { FieldValue, type DocumentSnapshot } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { appendAudit } from '../audit/appendAudit'
import {
  checkAttachment,
  startsLikeType,
  type AttachmentStatus,
  type ScanAttachmentResult,
} from '../domain/attachments'
import { clamdAddress } from '../lib/config'
import { db } from '../lib/db'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { requireVisitCaller } from '../visits/visitCaller'
import { visitRefs } from '../visits/visitStore'
import { AttachmentRefInput } from './attachmentInput'
import { chatRefs } from './chatStore'
import { scanWithClamd } from './clamdClient'

/**
 * The uploader has written every chunk of a file: check it again (type, size, the visit's total, that its bytes
 * are what its type says), stream it to clamd, and mark it `clean` (readable by the visit's participants: the rules
 * key on this status), `infected` (chunks deleted at once, only the record says it was blocked) or `failed` (clamd
 * could not scan: nothing readable, the uploader may call again). A file that fails the checks is deleted whole.
 * Only the uploader calls it, while the visit is live. A file already scanned returns its verdict again.
 */
export const scanAttachment = onCall({ memory: '512MiB', timeoutSeconds: 120 }, async (request): Promise<ScanAttachmentResult> => {
  const input = parseInput(AttachmentRefInput, request.data)
  const ref = { practiceId: input.practiceId, appointmentId: input.appointmentId }
  const { caller } = await requireVisitCaller(request, ref, ['practitioner', 'patient'], {
    refusal: 'Only the participants of this visit can share files in it.',
  })
  const refs = chatRefs(ref)
  const attachmentRef = refs.attachment(input.attachmentId)

  // Claim the file for scanning: the rules stop chunk writes once it leaves `uploading`.
  const claimed = await db().runTransaction(async (tx) => {
    const [visit, attachment, all] = await Promise.all([tx.get(visitRefs(ref).visit), tx.get(attachmentRef), tx.get(refs.attachments)])
    if (visit.get('status') !== 'live') throw new HttpsError('failed-precondition', 'Files can be shared only while the visit is on.')
    if (!attachment.exists || attachment.get('uploaderId') !== caller.uid) {
      throw new HttpsError('not-found', 'That file is not yours to share, or it is gone.')
    }
    const status = attachment.get('status') as AttachmentStatus
    if (status === 'clean' || status === 'infected') return { done: status }
    if (status === 'scanning') throw new HttpsError('aborted', 'That file is being scanned already.')
    const othersBytes = all.docs
      .filter((d) => d.id !== attachment.id && d.get('status') !== 'infected')
      .reduce((sum, d) => sum + (Number(d.get('sizeBytes')) || 0), 0)
    tx.update(attachmentRef, { status: 'scanning' })
    return { snapshot: attachment, othersBytes }
  })
  if ('done' in claimed) return { status: claimed.done as 'clean' | 'infected', scanMs: 0 }

  const chunks = await readChunks(input.attachmentId, claimed.snapshot, claimed.othersBytes, refs)
  if (typeof chunks === 'string') {
    logs.attachmentRejected(ref.practiceId, ref.appointmentId, input.attachmentId, 'checks')
    await db().recursiveDelete(attachmentRef)
    throw new HttpsError('invalid-argument', chunks)
  }

  const started = Date.now()
  let verdict: Awaited<ReturnType<typeof scanWithClamd>>
  try {
    verdict = await scanWithClamd(chunks, { ...clamdAddress(), timeoutMs: 60_000 })
  } catch (err) {
    // Fail closed: nothing becomes readable; the chunks stay so the uploader can retry.
    logs.attachmentScanFailed(ref.practiceId, ref.appointmentId, input.attachmentId, err)
    await markStatus(attachmentRef, 'failed')
    return { status: 'failed', scanMs: Date.now() - started }
  }
  const scanMs = Date.now() - started
  logs.attachmentScanned(ref.practiceId, ref.appointmentId, input.attachmentId, verdict.verdict, scanMs)
  const actor = { uid: caller.uid, role: caller.role }
  const audit = { target: { type: 'attachment', id: input.attachmentId }, details: { visitId: ref.appointmentId } }

  if (verdict.verdict === 'infected') {
    await db().recursiveDelete(refs.chunks(input.attachmentId))
    await markStatus(attachmentRef, 'infected')
    await appendAudit(ref.practiceId, { actor, action: 'attachment.blocked', ...audit })
    return { status: 'infected', scanMs }
  }
  await markStatus(attachmentRef, 'clean')
  await appendAudit(ref.practiceId, { actor, action: 'attachment.shared', ...audit })
  return { status: 'clean', scanMs }
})

/** `update`, so a file deleted meanwhile (the visit ended) is not brought back as a bare record. */
async function markStatus(attachmentRef: FirebaseFirestore.DocumentReference, status: AttachmentStatus): Promise<void> {
  try {
    await attachmentRef.update({ status, scannedAt: FieldValue.serverTimestamp() })
  } catch {
    throw new HttpsError('failed-precondition', 'The visit has ended; its files are deleted.')
  }
}

/**
 * The file's chunks in order, after the server's own checks; a string says what is wrong with the file. The
 * record's name, size and chunk count were written by the browser, so they are checked against the bytes.
 */
async function readChunks(
  attachmentId: string,
  attachment: DocumentSnapshot,
  othersBytes: number,
  refs: ReturnType<typeof chatRefs>,
): Promise<Uint8Array[] | string> {
  const declared = { name: String(attachment.get('fileName')), sizeBytes: Number(attachment.get('sizeBytes')) }
  const check = checkAttachment(declared, othersBytes)
  if (!check.ok) return check.problem
  if (check.contentType !== attachment.get('contentType') || check.fileName !== declared.name) {
    return `${check.fileName} was sent with the wrong type.`
  }
  const snapshot = await refs.chunks(attachmentId).orderBy('index').get()
  const chunks = snapshot.docs.map((d) => d.get('data') as Uint8Array)
  const complete =
    snapshot.size === attachment.get('chunkCount') &&
    snapshot.docs.every((d, i) => d.id === String(i) && d.get('index') === i) &&
    chunks.reduce((sum, c) => sum + c.length, 0) === declared.sizeBytes
  if (!complete) return `${check.fileName} did not arrive whole. Share it again.`
  if (!startsLikeType(check.contentType, chunks[0] ?? new Uint8Array())) {
    return `${check.fileName} is not really a ${check.fileName.split('.').pop()?.toUpperCase()} file.`
  }
  return chunks
}
