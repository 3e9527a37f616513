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
      // Calendar: one page; the new-appointment form and the appointment panel open beside the grid,
      // so the three routes share CalendarPage (state in the query: date, view, practitioner).
      {
        path: 'calendar',
        name: 'calendar',
        component: () => import('@/pages/CalendarPage.vue'),
        meta: { title: 'Calendar' },
      },
      {
        path: 'calendar/appointments/new',
        name: 'calendar-new',
        component: () => import('@/pages/CalendarPage.vue'),
        meta: { title: 'New appointment' },
      },
      {
        path: 'calendar/appointments/:appointmentId',
        name: 'calendar-appointment',
        component: () => import('@/pages/CalendarPage.vue'),
        meta: { title: 'Appointment' },
      },
      // Patients: the list, and one page for a new patient ('new') or an existing one, so the page
      // (and its "Patient saved." status) stays put when a new patient gets its id.
      {
        path: 'patients',
        name: 'patients',
        component: () => import('@/pages/PatientsPage.vue'),
        meta: { title: 'Patients' },
      },
      {
        path: 'patients/:patientId',
        name: 'patient',
        component: () => import('@/pages/PatientEditPage.vue'),
        props: true,
        meta: { title: 'Patient' },
      },
      // Reminder templates: owners and staff edit; practitioners see them read-only.
      {
        path: 'templates',
        name: 'templates',
        component: () => import('@/pages/TemplatesPage.vue'),
        meta: { title: 'Reminder templates' },
      },
      // Professional contacts (staff keep the list) and the phone communication report.
      {
        path: 'contacts',
        name: 'contacts',
        component: () => import('@/pages/ContactsPage.vue'),
        meta: { title: 'Professional contacts' },
      },
      {
        path: 'reports/phone',
        name: 'phone-report',
        component: () => import('@/pages/PhoneReportPage.vue'),
        meta: { title: 'Phone communication report' },
      },
      // The practitioner's side of a video visit: waiting room, Start, the visit, End.
      {
        path: 'visits/:appointmentId',
        name: 'visit',
        component: () => import('@/pages/VisitPage.vue'),
        props: true,
        meta: { title: 'Video visit' },
      },
      {
        path: 'members',
        name: 'members',
        component: () => import('@/pages/MembersPage.vue'),
        meta: { requiresOwner: true, title: 'Members' },
      },
      // The owner's back office: credits and the ledger, the practice's settings, the audit log.
      {
        path: 'billing',
        name: 'billing',
        component: () => import('@/pages/BillingPage.vue'),
        meta: { requiresOwner: true, title: 'Billing', ownerOnlyMessage: 'Only practice owners can see billing.' },
      },
      {
        path: 'settings',
        name: 'settings',
        component: () => import('@/pages/SettingsPage.vue'),
        meta: { requiresOwner: true, title: 'Practice settings', ownerOnlyMessage: "Only practice owners can change the practice's settings." },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('@/pages/AuditPage.vue'),
        meta: { requiresOwner: true, title: 'Audit log', ownerOnlyMessage: 'Only practice owners can see the audit log.' },
      },
    ],
  },
  // The token leaves the address bar once read (JoinPage): a reload lands on the bare /join.
  {
    path: '/join/:token?',
    name: 'join',
    component: () => import('@/pages/JoinPage.vue'),
    props: true,
    meta: { title: 'Join your video visit' },
  },
  // Public, from the link in a member invitation email: a new member sets a password, an existing one accepts.
  {
    path: '/invitation/:token',
    name: 'member-invitation',
    component: () => import('@/pages/MemberInvitationPage.vue'),
    props: true,
    meta: { title: 'Join a practice' },
  },
  // Public, from the link in a reminder email: no console layout and no sign-in.
  {
    path: '/unsubscribe',
    name: 'unsubscribe',
    component: () => import('@/pages/UnsubscribePage.vue'),
    meta: { title: 'Unsubscribe from reminders' },
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
