/**
 * Live Firestore listeners as composables, in the style of vuefire's `useDocument`/`useCollection`.
 *
 * Every listener in the console goes through here so that each one is stopped when its owner (a
 * component or a store) goes away, and when its source changes: a listener left running on a
 * practice the user no longer belongs to would fail with permission errors, or worse, keep
 * showing stale patient data.
 */
import {
  onSnapshot,
  queryEqual,
  refEqual,
  type DocumentReference,
  type FirestoreError,
  type Query,
  type Unsubscribe,
} from 'firebase/firestore'
import {
  getCurrentScope,
  onScopeDispose,
  ref,
  shallowRef,
  toValue,
  watch,
  type MaybeRefOrGetter,
  type Ref,
  type ShallowRef,
} from 'vue'

export interface FirestoreBinding<T> {
  /** Latest snapshot data. Reset to the empty value while a new source loads and after an error. */
  data: ShallowRef<T>
  /** True from (re)binding until the first snapshot or error. False when the source is null. */
  pending: Ref<boolean>
  /** The error that stopped the listener, if any. Firestore does not retry after an error. */
  error: ShallowRef<FirestoreError | null>
}

type Source<S> = MaybeRefOrGetter<S | null | undefined>

function bindSnapshots<S, T>(
  source: Source<S>,
  isSame: (a: S, b: S) => boolean,
  listen: (source: S, next: (value: T) => void, fail: (error: FirestoreError) => void) => Unsubscribe,
  empty: () => T,
): FirestoreBinding<T> {
  const data = shallowRef<T>(empty())
  const pending = ref(false)
  const error = shallowRef<FirestoreError | null>(null)
  let stop: Unsubscribe = () => {}

  watch(
    () => toValue(source),
    (next, previous) => {
      // Getters rebuild equal queries on every dependency change; only a different target rebinds.
      if (next && previous && isSame(next, previous) && !error.value) return
      stop()
      stop = () => {}
      data.value = empty()
      error.value = null
      pending.value = Boolean(next)
      if (!next) return
      stop = listen(
        next,
        (value) => {
          data.value = value
          pending.value = false
        },
        (err) => {
          data.value = empty()
          error.value = err
          pending.value = false
        },
      )
    },
    { immediate: true },
  )

  if (getCurrentScope()) {
    onScopeDispose(() => stop())
  } else if (import.meta.env.DEV) {
    console.warn('useDocument/useCollection called outside a component or store: the listener is never stopped.')
  }

  return { data, pending, error }
}

/**
 * Binds a document. `null` source = no listener; `data` is `null` while loading and when the
 * document does not exist (tell them apart with `pending`).
 */
export function useDocument<T>(source: Source<DocumentReference<T>>): FirestoreBinding<T | null> {
  return bindSnapshots<DocumentReference<T>, T | null>(
    source,
    refEqual,
    (reference, next, fail) => onSnapshot(reference, (snapshot) => next(snapshot.data() ?? null), fail),
    () => null,
  )
}

/** Binds a query (or collection). `null` source = no listener; `data` is `[]` while loading. */
export function useCollection<T>(source: Source<Query<T>>): FirestoreBinding<T[]> {
  return bindSnapshots<Query<T>, T[]>(
    source,
    queryEqual,
    (query, next, fail) => onSnapshot(query, (snapshot) => next(snapshot.docs.map((doc) => doc.data())), fail),
    () => [],
  )
}
