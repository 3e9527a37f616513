/**
 * The Trigger Email `message` for a rendered reminder: plain text and a minimal HTML version, both ending with the
 * unsubscribe link (every message offers a way out, whatever the practice's template says).
 */
export interface EmailMessage {
  subject: string
  text: string
  html: string
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

// Links in the body (the join link) become clickable; everything else is escaped text.
function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)
}

export function composeEmail(input: { subject: string; body: string; unsubscribeUrl: string }): EmailMessage {
  const footer = `You are receiving this because you have an appointment with us. To stop email reminders, unsubscribe here: ${input.unsubscribeUrl}`
  const paragraphs = input.body
    .split(/\n{2,}/)
    .map((p) => `<p>${linkify(escapeHtml(p)).replace(/\n/g, '<br>')}</p>`)
    .join('\n')
  const unsubscribe = escapeHtml(input.unsubscribeUrl)
  return {
    subject: input.subject,
    text: `${input.body}\n\n--\n${footer}\n`,
    html: `${paragraphs}\n<hr>\n<p style="font-size:12px;color:#4b5d66">You are receiving this because you have an appointment with us. <a href="${unsubscribe}">Unsubscribe from email reminders</a>.</p>\n`,
  }
}
