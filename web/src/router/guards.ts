import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router'
import { useFlashStore } from '@/stores/useFlashStore'

export const OWNER_ONLY_MESSAGE = 'Only practice owners can manage members.'

/**
 * A `redirect` query value that is safe to follow: an in-app path, never another origin
 * ("//evil.example") and never back to the sign-in page.
 */
export function safeRedirect(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return null
  }
  return value.startsWith('/signin') ? null : value
}

/**
 * Access control for console routes, from route meta (`requiresAuth`, `requiresMember`,
 * `requiresOwner`, `guestOnly`). This is navigation only; the security rules and callables are
 * what actually protect data.
 *
 * The auth store (and with it the Firebase SDK) is imported only when a route needs it, so public
 * routes such as /join stay free of Firebase.
 */
export async function consoleGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const { requiresAuth, requiresMember, requiresOwner, guestOnly } = to.meta
  if (!requiresAuth && !requiresMember && !requiresOwner && !guestOnly) return true

  const { useAuthStore } = await import('@/stores/useAuthStore')
  const auth = useAuthStore()
  await auth.untilReady()

  if (guestOnly) {
    return auth.user ? (safeRedirect(to.query.redirect) ?? { name: 'schedule' }) : true
  }
  if (!auth.user) return { name: 'signin', query: { redirect: to.fullPath } }
  if ((requiresMember || requiresOwner) && !auth.isMember) return { name: 'no-practice' }
  if (requiresOwner && !auth.isOwner) {
    useFlashStore().show(typeof to.meta.ownerOnlyMessage === 'string' ? to.meta.ownerOnlyMessage : OWNER_ONLY_MESSAGE, '/schedule')
    return { name: 'schedule' }
  }
  return true
}
