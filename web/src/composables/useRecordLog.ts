import type { Query } from 'firebase/firestore'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import type { RecordCsv } from '@/billing/csv'
import { usePagedQuery } from './usePagedQuery'
import { useQueryCsvExport } from './useQueryCsvExport'

const PAGE_SIZE = 25

/**
 * A filtered record log (the audit log, the credit ledger) for RecordLog: one page of rows for people (`row` turns a
 * record into its table row) with Previous/Next, and Export CSV of every record the query matches, as the same rows.
 * `noun` names the log in its alerts; `csv` is read as the export starts (its file name may follow the filters).
 */
export function useRecordLog<T, R>(noun: string, source: MaybeRefOrGetter<Query<T> | null>, row: (record: T) => R, csv: MaybeRefOrGetter<RecordCsv<R>>) {
  const paging = usePagedQuery(source, PAGE_SIZE)
  return {
    noun,
    paging,
    rows: computed(() => paging.rows.value.map(row)),
    exporter: useQueryCsvExport(source, () => {
      const { fileName, header, cells } = toValue(csv)
      return { fileName, header, cells: (record: T) => cells(row(record)) }
    }, `The ${noun} couldn't be exported. Try again.`),
  }
}

export type RecordLogState = Pick<ReturnType<typeof useRecordLog>, 'noun' | 'paging' | 'exporter'>
