import type { Query } from 'firebase/firestore'
import { toValue, type MaybeRefOrGetter } from 'vue'
import { downloadCsv, toCsv, type RecordCsv } from '@/billing/csv'
import { fetchAll } from '@/billing/pagedQuery'
import { useAction } from './useAction'
import { useOutcome } from './useOutcome'

/**
 * Export CSV of every record the filtered query matches (not only the page on screen), read a batch at a time:
 * `busy` while it runs, `failure` (the alert) when it failed. `csv` is read as the export starts.
 */
export function useQueryCsvExport<T>(source: MaybeRefOrGetter<Query<T> | null>, csv: MaybeRefOrGetter<RecordCsv<T>>, failure: string) {
  const outcome = useOutcome()
  const action = useAction(outcome, failure)
  return {
    busy: action.busy,
    failure: outcome.failure,
    exportCsv: () =>
      action.run(async () => {
        const query = toValue(source)
        if (!query) return
        const { fileName, header, cells } = toValue(csv)
        const { rows } = await fetchAll(query)
        downloadCsv(fileName, toCsv(header, rows.map(cells)))
      }),
  }
}

export type QueryCsvExport = ReturnType<typeof useQueryCsvExport>
