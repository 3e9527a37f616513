import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useFlashStore } from '@/stores/useFlashStore'
import { consoleGuard } from './guards'

// Every page is a lazy chunk: the patient /join page must not download the console or Firebase.
const routes: RouteRecordRaw[] = [
  {
    path: '/signin',
    name: 'signin',
    component: () => import('@/pages/SignInPage.vue'),
    meta: { guestOnly: true, title: 'Sign in' },
  },
  {
    path: '/no-practice',
    name: 'no-practice',
    component: () => import('@/pages/NoPracticePage.vue'),
    meta: { requiresAuth: true, title: 'No practice yet' },
  },
  {
    path: '/',
    component: () => import('@/layouts/ConsoleLayout.vue'),
    meta: { requiresMember: true },
    children: [
      { path: '', redirect: { name: 'schedule' } },
      {
        path: 'schedule',
        name: 'schedule',
        component: () => import('@/pages/SchedulePage.vue'),
        meta: { title: "Today's schedule" },
      },
      {
        path: 'members',
        name: 'members',
        component: () => import('@/pages/MembersPage.vue'),
        meta: { requiresOwner: true, title: 'Members' },
      },
    ],
  },
  {
    path: '/join/:inviteId',
    name: 'join',
    component: () => import('@/pages/JoinPage.vue'),
    props: true,
    meta: { title: 'Join your video visit' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/pages/NotFoundPage.vue'),
    meta: { title: 'Page not found' },
  },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
})

router.beforeEach(consoleGuard)

router.afterEach((to, _from, failure) => {
  if (failure) return
  useFlashStore().keepOnlyFor(to.path)
  // Screen readers announce the title on navigation; it also names the browser tab.
  document.title = to.meta.title ? `${to.meta.title} · Clinic console` : 'Clinic console'
})
