/**
 * An audit entry as a row for people, the same cells in the Audit table and its CSV export. Entries hold ids only;
 * member names come from the practice's member list.
 */
import type { RouteLocationRaw } from 'vue-router'
import type { RecordCsv } from '@/billing/csv'
import { formatPracticeDateTime } from '@/billing/dateRange'
import type { AuditEntry, Member } from '@/firebase/models'

export interface AuditRow {
  id: string
  date: string
  who: string
  action: string
  about: string
  aboutLink: RouteLocationRaw | null
  details: string
}

export function auditRow(entry: AuditEntry, members: Map<string, Member>, timeZone: string): AuditRow {
  const actor = entry.actor
  const who = 'uid' in actor ? `${members.get(actor.uid)?.displayName ?? actor.uid} (${actor.role})` : 'System'
  return {
    id: entry.id,
    date: entry.at ? formatPracticeDateTime(entry.at.toDate(), timeZone) : '',
    who,
    action: entry.action,
    about: `${entry.target.type} ${entry.target.id}`,
    aboutLink: linkFor(entry.target),
    details: Object.entries(entry.details ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(', '),
  }
}

function linkFor(target: AuditEntry['target']): RouteLocationRaw | null {
  switch (target.type) {
    case 'visit':
      return { name: 'visit', params: { appointmentId: target.id } }
    case 'appointment':
      return { name: 'calendar-appointment', params: { appointmentId: target.id } }
    case 'member':
      return { name: 'members' }
    case 'practice':
      return { name: 'settings' }
    case 'grant':
    case 'adjustment':
      return { name: 'billing' }
    default:
      return null
  }
}

/** The Audit page's export: every filtered entry. */
export const AUDIT_CSV: RecordCsv<AuditRow> = {
  fileName: 'audit-log.csv',
  header: ['Date', 'Who', 'Action', 'About', 'Details', 'Entry'],
  cells: (row) => [row.date, row.who, row.action, row.about, row.details, row.id],
}
