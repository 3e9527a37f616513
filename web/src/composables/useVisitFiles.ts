import {
  checkAttachment,
  CHAT_ATTACHMENT_TTL_HOURS,
  joinChunks,
  opensInline,
  splitIntoChunks,
  type AttachmentStatus,
  type ScanAttachmentResult,
} from '@domain/attachments'
import {
  Bytes,
  doc,
  getDocs,
  onSnapshot,
  serverTimestamp,
  setDoc,
  Timestamp,
  type FirestoreError,
} from 'firebase/firestore'
import { computed, onScopeDispose, reactive, shallowRef } from 'vue'
import { callableErrorMessage } from '@/firebase/callableError'
import { attachmentsRef, chunkRef, chunksRef, type ChatVisit } from '@/firebase/chatRefs'
import type { VisitBackend } from '@/firebase/visitBackend'

export interface SharedFile {
  id: string
  uploaderId: string
  uploaderName: string
  fileName: string
  contentType: string
  sizeBytes: number
  status: AttachmentStatus
  /** Server time in ms (null while the record is on its way), to place the file among the messages. */
  createdAtMs: number | null
  mine: boolean
}

/** One of the caller's own uploads in progress: the bar under the file, or what went wrong. */
export interface UploadProgress {
  fileName: string
  sentBytes: number
  sizeBytes: number
  problem: string | null
}

/** Chunks written at once: enough to keep the connection busy, few enough to keep the bar honest. */
const PARALLEL_CHUNKS = 3

/**
 * Files shared in the visit: the live list (others' files once clean, the caller's own in every state), sharing
 * (checked here, written as chunks with a progress bar, then scanned by `scanAttachment`), a retry when the scan
 * could not run, and opening a clean file in a new tab (assembled from its chunks in this page: a blob: URL that
 * lives only in this browser, never a public link).
 */
export function useVisitFiles(options: { backend: VisitBackend; visit: ChatVisit; selfName: string }) {
  const { backend, visit } = options
  const all = shallowRef<SharedFile[]>([])
  const error = shallowRef<FirestoreError | null>(null)
  const uploads = reactive(new Map<string, UploadProgress>())

  const stop = onSnapshot(
    attachmentsRef(backend.firestore, visit),
    { includeMetadataChanges: true },
    (snapshot) => {
      all.value = snapshot.docs.map((d) => {
        const data = d.data({ serverTimestamps: 'none' })
        return {
          id: d.id,
          uploaderId: String(data.uploaderId),
          uploaderName: String(data.uploaderName),
          fileName: String(data.fileName),
          contentType: String(data.contentType),
          sizeBytes: Number(data.sizeBytes),
          status: data.status as AttachmentStatus,
          createdAtMs: (data.createdAt as Timestamp | null)?.toMillis() ?? null,
          mine: data.uploaderId === backend.uid,
        }
      })
    },
    (err) => (error.value = err),
  )
  onScopeDispose(stop)

  /** What everyone sees: clean files, and the caller's own files in whatever state they are. */
  const files = computed(() => all.value.filter((f) => f.mine || f.status === 'clean'))
  /** Bytes this visit already holds (the 50 MB budget), counting files still on their way. */
  const visitBytes = computed(() => all.value.filter((f) => f.status !== 'infected').reduce((sum, f) => sum + f.sizeBytes, 0))

  /** Checks files before anything is sent: the ones that may be shared, and what is wrong with the others. */
  function check(picked: File[]): { ok: File[]; problems: string[] } {
    let budget = visitBytes.value
    const ok: File[] = []
    const problems: string[] = []
    for (const file of picked) {
      const result = checkAttachment({ name: file.name, sizeBytes: file.size }, budget)
      if (result.ok) {
        ok.push(file)
        budget += file.size
      } else {
        problems.push(result.problem)
      }
    }
    return { ok, problems }
  }

  /** Shares one file: record, chunks (progress), then the virus scan. Resolves with the verdict or a problem. */
  async function share(file: File): Promise<ScanAttachmentResult | { problem: string }> {
    const checked = checkAttachment({ name: file.name, sizeBytes: file.size }, visitBytes.value)
    if (!checked.ok) return { problem: checked.problem }
    const attachmentId = crypto.randomUUID()
    const progress: UploadProgress = { fileName: checked.fileName, sentBytes: 0, sizeBytes: checked.sizeBytes, problem: null }
    uploads.set(attachmentId, progress)
    const expireAt = Timestamp.fromMillis(Date.now() + CHAT_ATTACHMENT_TTL_HOURS * 3_600_000)
    try {
      await setDoc(doc(attachmentsRef(backend.firestore, visit), attachmentId), {
        uploaderId: backend.uid,
        uploaderName: options.selfName,
        fileName: checked.fileName,
        contentType: checked.contentType,
        sizeBytes: checked.sizeBytes,
        chunkCount: checked.chunkCount,
        status: 'uploading',
        createdAt: serverTimestamp(),
        expireAt,
      })
      const chunks = splitIntoChunks(new Uint8Array(await file.arrayBuffer()))
      let next = 0
      const worker = async () => {
        for (let index = next++; index < chunks.length; index = next++) {
          const data = chunks[index]!
          await setDoc(chunkRef(backend.firestore, visit, attachmentId, index), { index, data: Bytes.fromUint8Array(data), expireAt })
          uploads.get(attachmentId)!.sentBytes += data.length
        }
      }
      await Promise.all(Array.from({ length: Math.min(PARALLEL_CHUNKS, chunks.length) }, worker))
      const result = await scan(attachmentId)
      uploads.delete(attachmentId)
      return result
    } catch (err) {
      const problem = callableErrorMessage(err)
      uploads.get(attachmentId)!.problem = problem
      return { problem }
    }
  }

  function scan(attachmentId: string): Promise<ScanAttachmentResult> {
    return backend.call<ScanAttachmentResult>('scanAttachment', { ...visit, attachmentId })
  }

  /** Scans again a file whose scan could not run. */
  async function retry(attachmentId: string): Promise<string | null> {
    try {
      await scan(attachmentId)
      return null
    } catch (err) {
      return callableErrorMessage(err)
    }
  }

  /**
   * Opens a clean file: PDFs and pictures in a new tab, anything else downloaded under its name. The tab is
   * opened at once (a browser allows a new tab only straight from the click) and pointed at the file when it
   * is assembled. The opening is audited by id.
   */
  async function open(file: SharedFile): Promise<void> {
    const inline = opensInline(file.contentType)
    const tab = inline ? window.open('', '_blank') : null
    try {
      const snapshot = await getDocs(chunksRef(backend.firestore, visit, file.id))
      const chunks = snapshot.docs
        .map((d) => ({ index: Number(d.get('index')), data: (d.get('data') as Bytes).toUint8Array() }))
        .sort((a, b) => a.index - b.index)
        .map((c) => c.data)
      const blob = new Blob([joinChunks(chunks) as Uint8Array<ArrayBuffer>], { type: file.contentType })
      const url = URL.createObjectURL(blob)
      if (tab) {
        tab.location.href = url
      } else {
        const link = document.createElement('a')
        link.href = url
        link.download = file.fileName
        link.rel = 'noopener'
        link.click()
      }
      // The tab has loaded it by then; the URL dies with this page anyway.
      setTimeout(() => URL.revokeObjectURL(url), 60_000)
      backend.call('recordAttachmentOpened', { ...visit, attachmentId: file.id }).catch(() => {})
    } catch (err) {
      tab?.close()
      throw err
    }
  }

  return { files, uploads, error, visitBytes, check, share, retry, open }
}
