/**
 * fast-check arbitraries of malformed callable payloads: whole payloads of the wrong kind, and near-valid ones
 * where at least one part is hostile (an id with a slash or a reserved `__x__` form, a wrong type, an unknown or
 * prototype-polluting key, an out-of-range date). Every payload built here is invalid by construction.
 */
import fc from 'fast-check'
import { DEFAULT_OPENING_HOURS } from '../../../functions/src/domain/practiceSettings'
import type { CallableSpec, FieldKind } from './callables'

/** A whole opening-hours object and a whole settings object, as the Settings page sends them. */
const VALID_OPENING_HOURS = DEFAULT_OPENING_HOURS
const VALID_SETTINGS = { joinWindowMinutes: 10, reminderOffsetsHours: [24, 2], idleTimeoutMinutes: 15, lowBalanceCredits: 5 }

const VALID: Record<FieldKind, unknown> = {
  id: 'abc123', // a field named practiceId gets the practice the sweep's caller owns instead
  'optional-id': 'abc123',
  ids: ['p1'],
  role: 'staff',
  email: 'someone@test.example',
  name: 'Sam Someone',
  text: 'Hello',
  'optional-text': 'A note',
  'invite-token': 'AAAAAAAAAAAAAAAAAAAAAA',
  'invitation-token': 'AAAAAAAAAAAAAAAAAAAAAA',
  code: '123456',
  password: 'a-good-password',
  'unsubscribe-token': 'payload.signature',
  channel: 'email',
  kind: 'video',
  location: 'video',
  datetime: '2026-12-01T10:00:00+10:00',
  minutes: 30,
  boolean: false,
  e164: '+61290000019',
  label: 'Reception line',
  timezone: 'Australia/Sydney',
  phone: '+61290000019',
  'opening-hours': VALID_OPENING_HOURS,
  'practice-settings': VALID_SETTINGS,
  'optional-media-purpose': 'join',
}

/** Ids that must never reach a path: a slash into a subcollection, reserved forms, dots, empty, too long. */
const hostileId = fc.oneof(
  fc.constantFrom('a/b', 'appt/reminders/r1', '../x', '.', '..', '__x__', '__name__', '', 'x'.repeat(129), '/', 'a//b'),
  fc.string({ minLength: 1, maxLength: 20 }).map((s) => `${s}/${s}`),
  fc.string({ minLength: 1, maxLength: 20 }).map((s) => `__${s.replace(/_/g, '')}__`),
)

/** Values of the wrong type for any field. */
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
)

/**
 * Objects like `valid` (a strict object: every key required, no other key) with one key given a hostile value, one
 * key dropped, or one unknown key added; or a value that is not such an object at all. (`__proto__` is left out:
 * with a primitive value the callable decoder drops it, which would leave the valid object.)
 */
function hostileObject(valid: Record<string, unknown>, hostileFor: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid)
  return fc.oneof(
    fc.constantFrom(...keys).chain((key) => hostileFor[key]!.map((value) => ({ ...valid, [key]: value }))),
    fc.constantFrom(...keys).map((dropped) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== dropped))),
    fc.constantFrom('extra', 'open', 'holiday', 'constructor', 'prototype').map((key) => ({ ...valid, [key]: 1 })),
    wrongType,
  )
}

/** A day's opening span that is neither `null` (closed) nor `{ open, close }` in 'HH:mm' with open before close. */
const hostileSpan = fc.oneof(
  fc.constantFrom(
    { open: '24:00', close: '25:00' },
    { open: '8:00', close: '18:00' },
    { open: '08:00', close: '8pm' },
    { open: '18:00', close: '08:00' },
    { open: '09:00', close: '09:00' },
    { open: '08:00:00', close: '18:00' },
    { open: '', close: '' },
    { open: '08:00' },
    { open: '08:00', close: '18:00', note: 'lunch' },
    {},
  ),
  fc.integer(),
  fc.string(),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 3 }),
)

const hostileOpeningHours = hostileObject(VALID_OPENING_HOURS, Object.fromEntries(Object.keys(VALID_OPENING_HOURS).map((day) => [day, hostileSpan])))

/** Out of the limits in functions/src/domain/practiceSettings.ts (LIMITS), not whole, or not numbers. */
const hostileSettings = hostileObject(VALID_SETTINGS, {
  joinWindowMinutes: fc.constantFrom(-1, 61, 1.5, 1e9, '10', null, true),
  reminderOffsetsHours: fc.constantFrom([0], [169], [24, 24], [1, 2, 3, 4, 5], [1.5], ['24'], [null], Array(9).fill(1), '24', null, {}),
  idleTimeoutMinutes: fc.constantFrom(0, 121, 2.5, -15, '15', null, false),
  lowBalanceCredits: fc.constantFrom(-1, 100_001, 0.5, '5', null, []),
})

/** Not E.164 (a plus, then 7–15 digits, no leading zero). None becomes valid when trimmed. */
const notE164 = ['', '+', '0290000000', '61290000000', '+0290000000', '+612345', '+1234567890123456', '+61 2 9000 0000', 'tel:+61290000000', '+6129000000x']

const hostileByKind: Partial<Record<FieldKind, fc.Arbitrary<unknown>>> = {
  id: fc.oneof(hostileId, wrongType),
  'optional-id': fc.oneof(hostileId, wrongType),
  ids: fc.oneof(fc.array(hostileId, { minLength: 1, maxLength: 3 }), fc.array(wrongType, { minLength: 1, maxLength: 3 }), fc.string()),
  role: fc.oneof(fc.constantFrom('admin', 'OWNER', '__proto__', 'constructor', ''), wrongType),
  email: fc.oneof(fc.constantFrom('not-an-email', '@', 'a@', 'x'.repeat(300) + '@a.b', ''), wrongType),
  name: fc.oneof(fc.constantFrom('', '   ', 'x'.repeat(121)), wrongType),
  text: fc.oneof(fc.constant('x'.repeat(10_001)), wrongType),
  'optional-text': fc.oneof(fc.constant('x'.repeat(10_001)), wrongType),
  'invite-token': fc.oneof(fc.string({ maxLength: 21 }), fc.string({ minLength: 23, maxLength: 40 }), fc.constant('A'.repeat(21) + '/'), wrongType),
  'invitation-token': fc.oneof(fc.string({ maxLength: 21 }), fc.string({ minLength: 23, maxLength: 40 }), fc.constant('A'.repeat(21) + '.'), wrongType),
  code: fc.oneof(fc.constantFrom('12345', '1234567', 'abcdef', ''), wrongType),
  password: fc.oneof(fc.string({ maxLength: 7 }), fc.constant('x'.repeat(129)), wrongType),
  'unsubscribe-token': fc.oneof(fc.constant(''), fc.constant('x'.repeat(1001)), wrongType),
  channel: fc.oneof(fc.constantFrom('fax', 'EMAIL', ''), wrongType),
  kind: fc.oneof(fc.constantFrom('surgery', ''), wrongType),
  location: fc.oneof(fc.constantFrom('moon', ''), wrongType),
  // Far past and future, and not dates at all. (Year 9999 ends after the last storable instant.)
  datetime: fc.oneof(
    fc.constantFrom('9999-12-31T23:30:00Z', '0001-01-01T00:00:00Z', '1900-01-01T00:00:00Z', '2100-01-01T00:00:00Z', 'tomorrow', '2026-13-45T99:00:00Z'),
    wrongType,
  ),
  minutes: fc.oneof(fc.constantFrom(1.5, Number.MAX_SAFE_INTEGER * 2, -5), fc.string(), fc.constant(null)),
  // Not `wrongType`, which holds booleans.
  boolean: fc.oneof(fc.constantFrom('true', 'false', '', 0, 1, null, [true], { value: true }), fc.integer(), fc.string()),
  e164: fc.oneof(fc.constantFrom(...notE164), fc.integer({ min: 1_000_000 }), wrongType),
  label: fc.oneof(fc.constantFrom('', '   ', 'x'.repeat(61)), wrongType),
  timezone: fc.oneof(fc.constantFrom('', 'Mars/Olympus', 'Not a zone', 'Australia//Sydney', 'Australia/../Sydney', '+10:00', 'x'.repeat(65)), wrongType),
  phone: fc.oneof(fc.constantFrom(...notE164, 'x'.repeat(21)), wrongType),
  'opening-hours': hostileOpeningHours,
  'practice-settings': hostileSettings,
  'optional-media-purpose': fc.oneof(fc.constantFrom('JOIN', 'warm', 'start', ''), wrongType),
}

/** Keys that must be refused: prototype pollution, and anything the callable does not take. */
const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'role ', 'practiceId2'), fc.string({ minLength: 1, maxLength: 12 }))

/** A JSON text: the callable protocol body `{"data": …}`, with keys exactly as generated (no SDK in between). */
export function asBody(data: unknown, extra: [string, unknown] | null = null): string {
  const json = JSON.stringify(data === undefined ? null : data)
  if (!extra || !json.startsWith('{')) return `{"data":${json}}`
  const inner = json === '{}' ? '' : `,${json.slice(1, -1)}`
  return `{"data":{${JSON.stringify(extra[0])}:${JSON.stringify(extra[1])}${inner}}}`
}

/** Payloads of the wrong kind entirely: not an object, or an object of random keys. */
const wrongKind = fc
  .oneof(
    fc.constant(null),
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 1 }), { minKeys: 1, maxKeys: 4 }),
  )
  .map((data) => asBody(data))

/**
 * Near-valid payloads for `spec`: every field valid (the practice is `practiceId`, so a caller who owns it gets past
 * the role check and meets the later checks too) except at least one, or with an extra hostile key.
 */
function nearValid(spec: CallableSpec, practiceId: string): fc.Arbitrary<string> {
  const names = Object.keys(spec.fields)
  const validFor = (name: string) => (name === 'practiceId' ? practiceId : VALID[spec.fields[name]!])
  const oneHostileField = fc.constantFrom(...names).chain((broken) =>
    fc
      .record(Object.fromEntries(names.map((name) => [name, name === broken ? hostileByKind[spec.fields[name]!]! : fc.constant(validFor(name))])))
      .map((data) => asBody(data)),
  )
  const valid = Object.fromEntries(names.map((name) => [name, validFor(name)]))
  // A `__proto__` key with an object value becomes the payload's prototype in the callable decoder; with a
  // primitive value the decoder drops it (nothing reaches the code), so only object values are a hostile payload.
  const extraKey = hostileKey
    .filter((k) => !names.includes(k) && k !== '@type')
    .chain((key) =>
      fc
        .oneof(...(key === '__proto__' ? [] : [fc.anything({ maxDepth: 1 })]), fc.record({ practiceId: fc.constant(practiceId) }), fc.constant({}), fc.constant([1]))
        .map((value) => asBody(valid, [key, value])),
    )
  const missingField = fc.constantFrom(...names).map((dropped) => asBody(Object.fromEntries(Object.entries(valid).filter(([k]) => k !== dropped))))
  const required = names.filter((name) => !spec.fields[name]!.startsWith('optional') && spec.fields[name] !== 'password')
  return required.length ? fc.oneof(oneHostileField, extraKey, missingField.filter((body) => required.some((name) => !body.includes(`"${name}"`)))) : fc.oneof(oneHostileField, extraKey)
}

/** Malformed request bodies for a callable of this shape, aimed at `practiceId`. */
export function hostilePayloads(spec: CallableSpec, practiceId: string): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: nearValid(spec, practiceId), weight: 3 }, { arbitrary: wrongKind, weight: 1 })
}
