import type { Query, QueryDocumentSnapshot } from 'firebase/firestore'
import { queryEqual } from 'firebase/firestore'
import { ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { fetchPage } from '@/billing/pagedQuery'

/**
 * Cursor paging over a filtered, ordered query (the ledger, the audit log): one page in memory, Next and Previous
 * by cursor, so a page reads its own rows however many thousands of documents the collection holds. A different
 * query (new filters) starts again at the first page. Pages are fetched once, not listened to: these are records.
 */
export function usePagedQuery<T>(source: MaybeRefOrGetter<Query<T> | null>, pageSize: number) {
  const rows = shallowRef<T[]>([])
  const pageIndex = ref(0)
  const hasNext = ref(false)
  const loading = ref(false)
  const error = shallowRef<Error | null>(null)
  /** cursors[i] = the document page i starts after (null for the first page). */
  let cursors: (QueryDocumentSnapshot<T> | null)[] = [null]
  let generation = 0

  async function load(index: number) {
    const query = toValue(source)
    if (!query) return
    const mine = ++generation
    loading.value = true
    try {
      const page = await fetchPage(query, pageSize, cursors[index] ?? null)
      if (mine !== generation) return
      rows.value = page.rows
      pageIndex.value = index
      hasNext.value = page.next !== null
      cursors = cursors.slice(0, index + 1)
      if (page.next) cursors.push(page.next)
      error.value = null
    } catch (err) {
      if (mine === generation) error.value = err as Error
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  watch(
    () => toValue(source),
    (next, previous) => {
      if (next && previous && queryEqual(next, previous)) return
      cursors = [null]
      rows.value = []
      void load(0)
    },
    { immediate: true },
  )

  return {
    rows,
    pageIndex,
    hasNext,
    loading,
    error,
    next: () => (hasNext.value ? load(pageIndex.value + 1) : Promise.resolve()),
    previous: () => (pageIndex.value > 0 ? load(pageIndex.value - 1) : Promise.resolve()),
    reload: () => load(pageIndex.value),
    /** Reads the first page again (the same filters applied again: records may have been added since). */
    restart: () => load(0),
  }
}

/** What a pager and its status need of a usePagedQuery, whatever its records are. */
export type Paging = Pick<ReturnType<typeof usePagedQuery>, 'pageIndex' | 'hasNext' | 'loading' | 'error' | 'next' | 'previous'>
