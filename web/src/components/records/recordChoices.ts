/** The choices a record filter's select offers (RecordFilterSelect), built from the lists the filters draw on. */
export interface RecordChoice<V extends string = string> {
  value: V
  label: string
}

/** `values` in their order, each labelled by `label` (the value itself when absent). */
export function choicesOf<V extends string>(values: readonly V[], label: (value: V) => string = (value) => value): RecordChoice<V>[] {
  return values.map((value) => ({ value, label: label(value) }))
}

/**
 * Practice members by name (sorted here rather than with orderBy: a query ordered on displayName would silently drop
 * any member document missing that field).
 */
export function membersByName<M extends { displayName?: string | null }>(members: readonly M[]): M[] {
  return [...members].sort((a, b) => (a.displayName ?? '').localeCompare(b.displayName ?? ''))
}

/** Members as choices by uid, by name. */
export function memberChoices(members: readonly { uid: string; displayName?: string | null }[]): RecordChoice[] {
  return membersByName(members).map((m) => ({ value: m.uid, label: m.displayName ?? m.uid }))
}
