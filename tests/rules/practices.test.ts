import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing'
import { deleteField, doc, updateDoc } from 'firebase/firestore'
import { describe, it } from 'vitest'
import { uniqueId } from '../factories/ids'
import { aPractice, aPracticeSettings } from '../factories/practice'
import { describeAccessMatrix, documentRequests, only, practiceAccess, rulesTestFile } from './rulesTestEnv'

const rules = rulesTestFile('practices')

const practicePath = () => `practices/${rules.team.practiceId}`

describeAccessMatrix('practices', {
  subject: {
    get: 'the practice',
    list: 'practices',
    create: 'a practice',
    update: "the practice's name",
    delete: 'the practice',
  },
  access: practiceAccess({ staff: only('get'), practitioner: only('get'), owner: only('get', 'update') }),
  as: rules.as,
  run: documentRequests({
    document: practicePath,
    collection: () => 'practices',
    create: () => ({ path: `practices/${uniqueId('rules-practices-new')}`, data: aPractice() }),
    update: () => ({ name: 'Harbourside Allied Health & Psychology' }),
  }),
})

describe('practices: what an owner may change', () => {
  const updateAsOwner = (data: Record<string, unknown>) =>
    updateDoc(doc(rules.as('owner'), practicePath()), data)

  it('accepts a new name, time zone and phone number together', async () => {
    await assertSucceeds(
      updateAsOwner({ name: 'Harbourside Health', timeZone: 'Australia/Brisbane', phone: '+61731234567' }),
    )
  })

  it('accepts a multi-part IANA time zone', async () => {
    await assertSucceeds(updateAsOwner({ timeZone: 'America/Argentina/Buenos_Aires' }))
  })

  it('accepts new settings with every field in range', async () => {
    await assertSucceeds(
      updateAsOwner({ settings: { joinWindowMinutes: 0, reminderOffsetsHours: [48, 24, 2, 1], idleTimeoutMinutes: 30 } }),
    )
  })

  it('accepts turning reminders off with an empty offsets list', async () => {
    await assertSucceeds(updateAsOwner({ settings: aPracticeSettings({ reminderOffsetsHours: [] }) }))
  })

  it('accepts a low-balance warning level and opening hours (Settings page, issue 10)', async () => {
    await assertSucceeds(
      updateAsOwner({
        settings: { ...aPracticeSettings(), lowBalanceCredits: 50 },
        openingHours: { mon: { open: '08:00', close: '17:30' }, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null },
      }),
    )
  })

  it('accepts turning booking confirmations off and on (Settings page, issue 13)', async () => {
    await assertSucceeds(updateAsOwner({ settings: { ...aPracticeSettings(), bookingConfirmation: false } }))
    await assertSucceeds(updateAsOwner({ settings: { ...aPracticeSettings(), bookingConfirmation: true } }))
  })

  it('accepts a 120-character name', async () => {
    await assertSucceeds(updateAsOwner({ name: 'x'.repeat(120) }))
  })

  const rejected: { reason: string; data: Record<string, unknown> }[] = [
    { reason: 'changing createdAt', data: { createdAt: new Date('2020-01-01T00:00:00Z') } },
    { reason: 'adding a field that is not editable', data: { plan: 'platinum' } },
    { reason: 'an empty name', data: { name: '' } },
    { reason: 'a 121-character name', data: { name: 'x'.repeat(121) } },
    { reason: 'a name that is not a string', data: { name: 42 } },
    { reason: 'a time zone that is not an IANA name', data: { timeZone: 'Sydney time' } },
    { reason: 'a phone number that is not E.164', data: { phone: '02 9123 4567' } },
    { reason: 'removing the phone number', data: { phone: deleteField() } },
    { reason: 'a join window over 60 minutes', data: { settings: aPracticeSettings({ joinWindowMinutes: 61 }) } },
    { reason: 'a negative join window', data: { settings: aPracticeSettings({ joinWindowMinutes: -1 }) } },
    { reason: 'a fractional join window', data: { settings: aPracticeSettings({ joinWindowMinutes: 7.5 }) } },
    {
      reason: 'more than four reminder offsets',
      data: { settings: aPracticeSettings({ reminderOffsetsHours: [72, 48, 24, 2, 1] }) },
    },
    {
      reason: 'duplicate reminder offsets',
      data: { settings: aPracticeSettings({ reminderOffsetsHours: [24, 24] }) },
    },
    { reason: 'a zero-hour reminder offset', data: { settings: aPracticeSettings({ reminderOffsetsHours: [24, 0] }) } },
    {
      reason: 'a reminder offset beyond a week',
      data: { settings: aPracticeSettings({ reminderOffsetsHours: [169] }) },
    },
    { reason: 'an idle timeout of zero', data: { settings: aPracticeSettings({ idleTimeoutMinutes: 0 }) } },
    { reason: 'an unknown settings key', data: { settings: { ...aPracticeSettings(), theme: 'dark' } } },
    {
      reason: 'settings missing a key',
      data: { settings: { joinWindowMinutes: 10, reminderOffsetsHours: [24] } },
    },
    { reason: 'one settings field set on its own with a dotted path', data: { 'settings.theme': 'dark' } },
    { reason: 'a negative low-balance warning', data: { settings: { ...aPracticeSettings(), lowBalanceCredits: -1 } } },
    { reason: 'a fractional low-balance warning', data: { settings: { ...aPracticeSettings(), lowBalanceCredits: 2.5 } } },
    { reason: 'booking confirmations set to something other than on or off', data: { settings: { ...aPracticeSettings(), bookingConfirmation: 'yes' } } },
    {
      reason: 'opening hours that close before they open',
      data: { openingHours: { mon: { open: '17:00', close: '08:00' }, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null } },
    },
    {
      reason: 'opening hours with a time that is not HH:mm',
      data: { openingHours: { mon: { open: '8am', close: '17:00' }, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null } },
    },
    { reason: 'opening hours missing a day', data: { openingHours: { mon: null } } },
  ]

  for (const { reason, data } of rejected) {
    it(`rejects ${reason}`, async () => {
      await assertFails(updateAsOwner(data))
    })
  }

  it('accepts one settings field set with a dotted path when the result is valid', async () => {
    await assertSucceeds(updateAsOwner({ 'settings.joinWindowMinutes': 15 }))
  })
})
