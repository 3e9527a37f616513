/// <reference types="vite/client" />

declare global {
  // Variables read by src/firebase/*.ts. See .env.production.example for what each one means. (In a module, so
  // inside `declare global`: vite/client's ImportMeta already types `env` as this interface.)
  interface ImportMetaEnv {
    readonly VITE_FIREBASE_API_KEY: string
    readonly VITE_FIREBASE_AUTH_DOMAIN: string
    readonly VITE_FIREBASE_PROJECT_ID: string
    readonly VITE_FIREBASE_APP_ID: string
    readonly VITE_FUNCTIONS_REGION?: string
    readonly VITE_USE_EMULATORS?: string
    readonly VITE_AUTH_EMULATOR_HOST?: string
    readonly VITE_FIRESTORE_EMULATOR_HOST?: string
    readonly VITE_FUNCTIONS_EMULATOR_HOST?: string
  }
}

declare module 'vue-router' {
  interface RouteMeta {
    /** Signed in, any practice role or none (the "not a member yet" page). */
    requiresAuth?: boolean
    /** Signed in with a role in the current practice. */
    requiresMember?: boolean
    /** Signed in as an owner of the current practice. */
    requiresOwner?: boolean
    /** Sign-in page: a signed-in member is sent on to the console. */
    guestOnly?: boolean
    /** Document title, announced by screen readers on navigation. */
    title?: string
  }
}

export {}
