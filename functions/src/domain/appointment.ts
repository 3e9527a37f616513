/**
 * `practices/{p}/appointments/{appointmentId}`: written by saveAppointment and cancelAppointment, read by the
 * console (calendar, schedule, panel) and the reminder functions. Generic over the timestamp type, as the visit,
 * invite and reminder documents are: Admin `Timestamp` in functions, the web SDK's in the console.
 */
import type { AppointmentLocation } from './appointmentRules'

export type AppointmentStatus = 'scheduled' | 'cancelled' | 'completed'

/** The patients denormalised onto the appointment for the calendar: names only, nothing clinical. */
export interface AppointmentPatient {
  id: string
  firstName: string
  lastName: string
}

export interface AppointmentDoc<T> {
  practitionerId: string
  practitionerName: string
  start: T
  end: T
  location: AppointmentLocation
  patientIds: string[]
  patients: AppointmentPatient[]
  status: AppointmentStatus
  notes?: string
  cancelledAt?: T
  createdBy?: string
  createdAt?: T
  updatedAt?: T
}
