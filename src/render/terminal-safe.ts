/**
 * Hostile text (a comm, a kernel line quoting one) for a terminal: control characters, which could
 * move the cursor or recolor the screen, are shown as \xNN instead. Pure.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
}
