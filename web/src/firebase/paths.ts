/**
 * Every Firestore path the web app reads or writes: the data model's paths, shared with the functions
 * (functions/src/domain/paths.ts; docs/data-model.md describes them). Plain strings, no SDK: the reference builders
 * in ./refs.ts (console) and ./visitRefs.ts (console and patient page) take them with whichever Firestore they are
 * given.
 */
export { paths } from '@domain/paths'
