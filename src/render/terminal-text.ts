/**
 * Untrusted text for a terminal. A traced process sets its own comm and cmdline
 * (`prctl(PR_SET_NAME, "\x1b]0;PWN\x07\x1b[2J")` retitles the window and clears the screen), and
 * trace files are anyone's: every value of theirs that a text output prints goes through here.
 * Control characters become visible escapes (`\x1b`), as do C1 controls (U+009B is a CSI on some
 * terminals) and the bidi overrides that make text read differently from what it is.
 */

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g
// eslint-disable-next-line no-control-regex
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g

function visible(c: string): string {
  const code = c.charCodeAt(0)
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/** One value on one line: newlines too become `\x0a`, so a value cannot forge a line. */
export function escapeLine(text: string): string {
  return text.replace(CONTROLS, visible)
}

/** A block of several lines (an issue body): newlines kept, every other control escaped. */
export function escapeBlock(text: string): string {
  return text.replace(CONTROLS_BUT_NEWLINE, visible)
}
