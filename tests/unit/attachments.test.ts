import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  ATTACHMENT_MAX_BYTES,
  checkAttachment,
  CHUNK_BYTES,
  chunkCountFor,
  contentTypeFor,
  joinChunks,
  opensInline,
  sanitiseFileName,
  splitIntoChunks,
  startsLikeType,
  VISIT_ATTACHMENTS_MAX_BYTES,
} from '../../functions/src/domain/attachments'

describe('splitIntoChunks and joinChunks', () => {
  const roundTrip = (size: number) => {
    const bytes = new Uint8Array(randomBytes(size))
    const chunks = splitIntoChunks(bytes)
    return { bytes, chunks, joined: joinChunks(chunks) }
  }

  it('an empty file is one empty chunk and comes back empty', () => {
    const { chunks, joined } = roundTrip(0)
    expect(chunks.map((c) => c.length)).toEqual([0])
    expect(joined).toEqual(new Uint8Array(0))
    expect(chunkCountFor(0)).toBe(1)
  })

  it('a file of exactly one chunk is one chunk, byte for byte', () => {
    const { bytes, chunks, joined } = roundTrip(CHUNK_BYTES)
    expect(chunks.map((c) => c.length)).toEqual([CHUNK_BYTES])
    expect(Buffer.from(joined).equals(Buffer.from(bytes))).toBe(true)
    expect(chunkCountFor(CHUNK_BYTES)).toBe(1)
  })

  it('one byte over a chunk makes a second chunk of one byte', () => {
    const { bytes, chunks, joined } = roundTrip(CHUNK_BYTES + 1)
    expect(chunks.map((c) => c.length)).toEqual([CHUNK_BYTES, 1])
    expect(Buffer.from(joined).equals(Buffer.from(bytes))).toBe(true)
  })

  it('the largest file comes back byte-exact from the chunk count the rules allow', () => {
    const { bytes, chunks, joined } = roundTrip(ATTACHMENT_MAX_BYTES)
    expect(chunks).toHaveLength(chunkCountFor(ATTACHMENT_MAX_BYTES))
    expect(chunks.length).toBeLessThanOrEqual(15)
    expect(chunks.every((c) => c.length <= CHUNK_BYTES)).toBe(true)
    expect(Buffer.from(joined).equals(Buffer.from(bytes))).toBe(true)
  })
})

describe('checkAttachment', () => {
  it('accepts an allowed file and says how it is stored', () => {
    expect(checkAttachment({ name: 'Referral letter.PDF', sizeBytes: 1_500_000 }, 0)).toEqual({
      ok: true,
      fileName: 'Referral letter.PDF',
      contentType: 'application/pdf',
      sizeBytes: 1_500_000,
      chunkCount: 3,
    })
  })

  it('refuses a type that is not allowed, naming what is', () => {
    const check = checkAttachment({ name: 'run.exe', sizeBytes: 10 }, 0)
    expect(check.ok).toBe(false)
    expect(!check.ok && check.problem).toMatch(/^run\.exe can't be shared: only pdf, png/)
    expect(checkAttachment({ name: 'page.html', sizeBytes: 10 }, 0).ok).toBe(false)
    expect(checkAttachment({ name: 'picture.svg', sizeBytes: 10 }, 0).ok).toBe(false)
  })

  it('accepts exactly 10 MB and refuses a byte more', () => {
    expect(checkAttachment({ name: 'scan.pdf', sizeBytes: ATTACHMENT_MAX_BYTES }, 0).ok).toBe(true)
    expect(checkAttachment({ name: 'scan.pdf', sizeBytes: ATTACHMENT_MAX_BYTES + 1 }, 0)).toEqual({
      ok: false,
      problem: 'scan.pdf is 10 MB; files can be up to 10 MB.',
    })
  })

  it("refuses a file that would take the visit's files over 50 MB", () => {
    expect(checkAttachment({ name: 'a.pdf', sizeBytes: 1 }, VISIT_ATTACHMENTS_MAX_BYTES).ok).toBe(false)
    expect(checkAttachment({ name: 'a.pdf', sizeBytes: 1 }, VISIT_ATTACHMENTS_MAX_BYTES - 1).ok).toBe(true)
  })
})

describe('file names and types', () => {
  it('drops paths and characters a file system or a header would misread', () => {
    expect(sanitiseFileName('C:\\Users\\amelia\\..\\x<y>:z?.pdf')).toBe('x_y__z_.pdf')
    expect(sanitiseFileName('../../etc/passwd.txt')).toBe('passwd.txt')
    expect(sanitiseFileName('.hidden.txt')).toBe('hidden.txt')
    expect(sanitiseFileName('tab\tand\nnewline.txt')).toBe('tab_and_newline.txt')
  })

  it('keeps the extension when it shortens a long name', () => {
    const name = sanitiseFileName(`${'x'.repeat(300)}.pdf`)
    expect(name).toHaveLength(200)
    expect(name.endsWith('.pdf')).toBe(true)
  })

  it('decides the type from the extension; only PDFs and pictures open inline', () => {
    expect(contentTypeFor('photo.JPG')).toBe('image/jpeg')
    expect(contentTypeFor('notes')).toBeNull()
    expect(opensInline('application/pdf')).toBe(true)
    expect(opensInline('image/png')).toBe(true)
    expect(opensInline('text/plain')).toBe(false)
  })

  it("checks a PDF's or a picture's first bytes against its type", () => {
    expect(startsLikeType('application/pdf', new TextEncoder().encode('%PDF-1.7'))).toBe(true)
    expect(startsLikeType('application/pdf', new TextEncoder().encode('<html>'))).toBe(false)
    expect(startsLikeType('text/plain', new TextEncoder().encode('anything'))).toBe(true)
  })
})
