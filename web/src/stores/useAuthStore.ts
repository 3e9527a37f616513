import { isRole, type PracticeRoles, type Role } from '@domain/roles'
import { FirebaseError } from 'firebase/app'
import {
  getIdTokenResult,
  onIdTokenChanged,
  signInWithEmailAndPassword,
  signOut as firebaseSignOut,
  type IdTokenResult,
  type User,
} from 'firebase/auth'
import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import { auth } from '@/firebase/app'

const SIGN_IN_MESSAGES: Record<string, string> = {
  'auth/invalid-credential': 'Incorrect email or password.',
  'auth/wrong-password': 'Incorrect email or password.',
  'auth/user-not-found': 'Incorrect email or password.',
  'auth/invalid-email': 'Enter a valid email address.',
  'auth/missing-password': 'Enter your password.',
  'auth/user-disabled': 'This account has been disabled. Contact your practice owner.',
  'auth/too-many-requests': 'Too many attempts. Try again in a few minutes.',
  'auth/network-request-failed': "Can't reach the server. Check your connection.",
}

/** A sign-in failure as a sentence for the person at the keyboard. */
export function signInErrorMessage(error: unknown): string {
  const code = error instanceof FirebaseError ? error.code : ''
  return SIGN_IN_MESSAGES[code] ?? 'Sign-in failed. Try again.'
}

/** Keeps only well-formed `{ [practiceId]: role }` entries of the `roles` claim. */
function rolesFromClaims(claim: unknown): PracticeRoles {
  const roles: PracticeRoles = {}
  if (claim && typeof claim === 'object') {
    for (const [practiceId, role] of Object.entries(claim)) {
      if (isRole(role)) roles[practiceId] = role
    }
  }
  return roles
}

/**
 * The signed-in user and their practice roles, read from the ID token's `roles` claim.
 *
 * Claims only change when the token is refreshed, so the store listens to `users/{uid}`, which
 * `syncMemberClaims` touches (`claimsUpdatedAt`) right after setting new claims, and refreshes the
 * token then: an owner adding or promoting someone takes effect without that person signing out.
 * The security rules read roles from the member documents, so a stale claim can only hide or show
 * navigation, never grant access.
 *
 * Wait for {@link untilReady} before trusting `user` (route guards do): Firebase restores the
 * session asynchronously.
 */
export const useAuthStore = defineStore('auth', () => {
  const user = shallowRef<User | null>(null)
  const roles = ref<PracticeRoles>({})
  /** When the current token was issued (ms), to tell whether a claims update is newer. */
  const tokenIssuedAt = ref(0)
  /** True once the initial session (or its absence) is known. */
  const ready = ref(false)

  let markReady: () => void = () => {}
  const readyPromise = new Promise<void>((resolve) => {
    markReady = () => {
      ready.value = true
      resolve()
    }
  })

  // TODO(practice switcher): persist the chosen practice; until then, the first one in the claim.
  const practiceId = computed<string | null>(() => Object.keys(roles.value)[0] ?? null)
  const role = computed<Role | null>(() => (practiceId.value ? (roles.value[practiceId.value] ?? null) : null))
  const isMember = computed(() => role.value !== null)
  const isOwner = computed(() => role.value === 'owner')

  // Token lookups are async; a newer auth event must win over a slower, older one.
  let generation = 0

  function applyToken(next: User, token: IdTokenResult) {
    roles.value = rolesFromClaims(token.claims.roles)
    tokenIssuedAt.value = Date.parse(token.issuedAtTime)
    user.value = next
  }

  function clearUser() {
    generation++
    user.value = null
    roles.value = {}
    tokenIssuedAt.value = 0
  }

  async function applyUser(next: User | null, forceRefresh = false): Promise<void> {
    if (!next) {
      clearUser()
      return
    }
    const mine = ++generation
    try {
      const token = await getIdTokenResult(next, forceRefresh)
      if (mine === generation) applyToken(next, token)
    } catch (error) {
      // Offline with an expired token: keep the session; the roles refresh on the next token event.
      console.warn('Could not read the ID token claims.', error)
      if (mine === generation) user.value = next
    }
  }

  // onIdTokenChanged rather than onAuthStateChanged: it also fires on every token refresh, so the
  // roles always match the token that Firestore and the callables see.
  const stopAuthListener = onIdTokenChanged(auth, (next) => {
    void applyUser(next).finally(markReady)
  })
  onScopeDispose(stopAuthListener)

  // The claims mirror is a Firestore listener, loaded only once someone is signed in: /signin needs no Firestore.
  const claimsUpdatedAt = ref<number | null>(null)
  let stopClaimsListener = () => {}
  watch(
    () => user.value?.uid ?? null,
    async (uid) => {
      stopClaimsListener()
      stopClaimsListener = () => {}
      claimsUpdatedAt.value = null
      if (!uid) return
      const { listenToClaimsUpdates } = await import('@/firebase/claimsUpdates')
      // Signed out or switched user while the module loaded.
      if (user.value?.uid !== uid) return
      stopClaimsListener = listenToClaimsUpdates(uid, (updatedAt) => (claimsUpdatedAt.value = updatedAt))
    },
    { immediate: true },
  )
  onScopeDispose(() => stopClaimsListener())

  watch(
    claimsUpdatedAt,
    (updatedAt, previous) => {
      if (updatedAt === null || !user.value) return
      // First sighting after sign-in or reload: refresh only if the claims changed after this token.
      if (previous === null && updatedAt <= tokenIssuedAt.value) return
      void refreshClaims()
    },
  )

  /** Forces a token refresh so that new role claims apply now. */
  async function refreshClaims(): Promise<void> {
    if (user.value) await applyUser(user.value, true)
  }

  /** Resolves once the initial auth state is known. */
  function untilReady(): Promise<void> {
    return readyPromise
  }

  /**
   * Signs in with email and password. Rejects with an `Error` whose message can be shown as is
   * ("Incorrect email or password.", ...). Resolves once `user` and `roles` are set.
   */
  async function signIn(email: string, password: string): Promise<void> {
    try {
      const credential = await signInWithEmailAndPassword(auth, email.trim(), password)
      await applyUser(credential.user)
    } catch (error) {
      throw new Error(signInErrorMessage(error), { cause: error })
    }
  }

  /** Signs out. `user` is null when this resolves, so the caller can navigate straight away. */
  async function signOut(): Promise<void> {
    await firebaseSignOut(auth)
    clearUser()
  }

  return {
    user,
    roles,
    ready,
    practiceId,
    role,
    isMember,
    isOwner,
    untilReady,
    signIn,
    signOut,
    refreshClaims,
  }
})
