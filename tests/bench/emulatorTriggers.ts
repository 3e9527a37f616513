/** Pauses or resumes the Functions emulator's background triggers, so a bench can seed without them reacting. */
export async function setTriggers(enabled: boolean): Promise<void> {
  const hub = process.env.FIREBASE_EMULATOR_HUB
  if (!hub) return
  await fetch(`http://${hub}/functions/${enabled ? 'enable' : 'disable'}BackgroundTriggers`, { method: 'PUT' })
}
