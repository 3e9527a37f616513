/**
 * Files shared in a visit: which files may be shared, how big, under what name, and how they are cut into the
 * Firestore chunks they are stored as (`practices/{p}/visits/{a}/attachments/{id}/chunks/{n}`). No Firebase
 * imports: the browser checks before uploading and the functions check again with the same code.
 */

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
export const VISIT_ATTACHMENTS_MAX_BYTES = 50 * 1024 * 1024
/** One chunk's bytes: well under Firestore's 1 MiB document limit (the rules allow at most this). */
export const CHUNK_BYTES = 700 * 1024
export const MAX_CHUNKS = Math.ceil(ATTACHMENT_MAX_BYTES / CHUNK_BYTES)
export const FILE_NAME_MAX = 200
/** The TTL backstop on file records and chunks, like messages' (CHAT_TTL_HOURS in ./chat.ts). */
export const CHAT_ATTACHMENT_TTL_HOURS = 24

/**
 * uploading: the uploader is writing chunks; scanning: the virus scan runs; clean: readable by the visit's
 * participants; infected: the chunks are deleted, only this record is left to say so; failed: the scan could not
 * run, nothing is readable and the uploader may retry.
 */
export type AttachmentStatus = 'uploading' | 'scanning' | 'clean' | 'infected' | 'failed'

/** `practices/{p}/visits/{a}/attachments/{attachmentId}`: created by the uploader; status set by functions only. */
export interface AttachmentDoc {
  uploaderId: string
  uploaderName: string
  fileName: string
  contentType: string
  sizeBytes: number
  chunkCount: number
  status: AttachmentStatus
  createdAt: unknown // Timestamp
  scannedAt?: unknown // Timestamp
  expireAt: unknown // Timestamp, TTL backstop
}

/** `…/attachments/{id}/chunks/{n}` (n = 0, 1, …): `data` is at most CHUNK_BYTES bytes. */
export interface ChunkDoc {
  index: number
  data: Uint8Array
  expireAt: unknown // Timestamp
}

interface FileKind {
  extensions: string[]
  /** Opened in the browser's own viewer; everything else is downloaded. */
  inline: boolean
  /** The first bytes every such file starts with, when the format has them; checked by the server. */
  magic?: number[][]
}

/**
 * What may be shared: documents and pictures a visit needs. Nothing a browser would run (HTML, SVG, scripts) is
 * here, so a shared file can never act as a page of this site.
 */
export const ALLOWED_FILE_KINDS: Record<string, FileKind> = {
  'application/pdf': { extensions: ['pdf'], inline: true, magic: [[0x25, 0x50, 0x44, 0x46]] },
  'image/png': { extensions: ['png'], inline: true, magic: [[0x89, 0x50, 0x4e, 0x47]] },
  'image/jpeg': { extensions: ['jpg', 'jpeg'], inline: true, magic: [[0xff, 0xd8, 0xff]] },
  'image/gif': { extensions: ['gif'], inline: true, magic: [[0x47, 0x49, 0x46, 0x38]] },
  'image/webp': { extensions: ['webp'], inline: true, magic: [[0x52, 0x49, 0x46, 0x46]] },
  'text/plain': { extensions: ['txt'], inline: false },
  'text/csv': { extensions: ['csv'], inline: false },
  'application/msword': { extensions: ['doc'], inline: false },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { extensions: ['docx'], inline: false },
  'application/vnd.ms-excel': { extensions: ['xls'], inline: false },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { extensions: ['xlsx'], inline: false },
  'application/vnd.oasis.opendocument.text': { extensions: ['odt'], inline: false },
  'application/rtf': { extensions: ['rtf'], inline: false },
}

export const ALLOWED_EXTENSIONS = Object.values(ALLOWED_FILE_KINDS).flatMap((k) => k.extensions)

/** A file name safe to show and to download under: no path, no control or reserved characters, bounded. */
export function sanitiseFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/\s+/g, ' ').trim().replace(/^\.+/, '')
  if (cleaned.length <= FILE_NAME_MAX) return cleaned || 'file'
  const dot = cleaned.lastIndexOf('.')
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : ''
  return cleaned.slice(0, FILE_NAME_MAX - ext.length) + ext
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : ''
}

/** The content type a file is stored and opened as, decided by its extension (never by what the browser guessed). */
export function contentTypeFor(fileName: string): string | null {
  const ext = extensionOf(fileName)
  return Object.entries(ALLOWED_FILE_KINDS).find(([, kind]) => kind.extensions.includes(ext))?.[0] ?? null
}

export function opensInline(contentType: string): boolean {
  return ALLOWED_FILE_KINDS[contentType]?.inline ?? false
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`

export type AttachmentCheck =
  | { ok: true; fileName: string; contentType: string; sizeBytes: number; chunkCount: number }
  | { ok: false; problem: string }

/**
 * Whether a file may be shared in a visit that already holds `visitBytes` of files: an allowed type, at most
 * ATTACHMENT_MAX_BYTES, and the visit's total at most VISIT_ATTACHMENTS_MAX_BYTES. The problem names the file.
 */
export function checkAttachment(file: { name: string; sizeBytes: number }, visitBytes: number): AttachmentCheck {
  const fileName = sanitiseFileName(file.name)
  const contentType = contentTypeFor(fileName)
  if (!contentType) {
    return { ok: false, problem: `${fileName} can't be shared: only ${ALLOWED_EXTENSIONS.join(', ')} files can.` }
  }
  if (!Number.isInteger(file.sizeBytes) || file.sizeBytes < 0) return { ok: false, problem: `${fileName} can't be read.` }
  if (file.sizeBytes > ATTACHMENT_MAX_BYTES) {
    return { ok: false, problem: `${fileName} is ${mb(file.sizeBytes)}; files can be up to ${mb(ATTACHMENT_MAX_BYTES)}.` }
  }
  if (visitBytes + file.sizeBytes > VISIT_ATTACHMENTS_MAX_BYTES) {
    return { ok: false, problem: `${fileName} would take this visit's files over ${mb(VISIT_ATTACHMENTS_MAX_BYTES)}.` }
  }
  return { ok: true, fileName, contentType, sizeBytes: file.sizeBytes, chunkCount: chunkCountFor(file.sizeBytes) }
}

/** Whether the file's first bytes are what its type says (for types whose format has a signature). */
export function startsLikeType(contentType: string, head: Uint8Array): boolean {
  const magic = ALLOWED_FILE_KINDS[contentType]?.magic
  if (!magic) return ALLOWED_FILE_KINDS[contentType] !== undefined
  return magic.some((m) => m.every((byte, i) => head[i] === byte))
}

/** How many chunks a file of `sizeBytes` is stored as; an empty file is one empty chunk, so every file has chunk 0. */
export function chunkCountFor(sizeBytes: number): number {
  return Math.max(1, Math.ceil(sizeBytes / CHUNK_BYTES))
}

/** Cuts a file into chunks of CHUNK_BYTES (the last one shorter); views on `bytes`, nothing is copied. */
export function splitIntoChunks(bytes: Uint8Array, chunkBytes = CHUNK_BYTES): Uint8Array[] {
  const count = Math.max(1, Math.ceil(bytes.length / chunkBytes))
  return Array.from({ length: count }, (_, i) => bytes.subarray(i * chunkBytes, Math.min(bytes.length, (i + 1) * chunkBytes)))
}

/** The file again, from its chunks in index order. */
export function joinChunks(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0))
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}

/** `scanAttachment` input: the visit and the file its uploader has finished writing. */
export interface ScanAttachmentInput {
  practiceId: string
  appointmentId: string
  attachmentId: string
}

/** `scanAttachment` result: the file's status afterwards, and how long clamd took (for the bench). */
export interface ScanAttachmentResult {
  status: Extract<AttachmentStatus, 'clean' | 'infected' | 'failed'>
  scanMs: number
}
