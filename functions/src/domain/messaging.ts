/** The channels the practice messages patients on (reminders, consent, opt-outs), and their names on screen. */
export const MESSAGING_CHANNELS = ['email', 'sms'] as const
export type MessagingChannel = (typeof MESSAGING_CHANNELS)[number]

export const CHANNEL_LABELS: Record<MessagingChannel, string> = { email: 'Email', sms: 'SMS' }
