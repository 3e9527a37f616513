import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** Matches modules of the given Firebase packages: `@firebase/<name>` and the `firebase/<name>` entry points. */
const firebasePackage = (names: string[]) =>
  new RegExp(`node_modules[\\\\/](@firebase|firebase)[\\\\/](${names.join('|')})[\\\\/]`)

export default defineConfig({
  root: fromHere('.'),
  plugins: [vue()],
  resolve: {
    alias: {
      '@': fromHere('./src'),
      // Pure domain rules shared with Cloud Functions (no Firebase imports there).
      '@domain': fromHere('../functions/src/domain'),
    },
  },
  // Fixed host and ports: the e2e tests and the emulator config point at them.
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  build: {
    outDir: fromHere('./dist'),
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // The Firebase SDK is most of the console's weight. Keeping it in its own chunks means the
        // patient /join page (which must load fast on a phone) never downloads it, and the SDK stays
        // cached across app deploys. One chunk per service: they download in parallel, and
        // Functions is only fetched by the members page, which calls it.
        codeSplitting: {
          // Groups capture their modules' dependencies too, so the shared core (app, util, ...) is
          // claimed first; otherwise it would land in whichever service chunk came first.
          groups: [
            { name: 'firebase', test: firebasePackage(['app', 'util', 'component', 'logger']), priority: 5 },
            { name: 'firebase-auth', test: firebasePackage(['auth']), priority: 4 },
            { name: 'firebase-firestore', test: firebasePackage(['firestore', 'webchannel-wrapper']), priority: 4 },
            { name: 'firebase-functions', test: firebasePackage(['functions']), priority: 4 },
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|pinia)[\\/]/, priority: 2 },
            { name: 'date-fns', test: /node_modules[\\/](date-fns|@date-fns)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
})
