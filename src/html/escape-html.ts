/**
 * Escaping for the HTML pages. comm, cmdline, wchan, paths and anomaly details come from the
 * traced process or the file system: attacker-controlled text in a forensic report (a comm may be
 * `<b>` or `</script>`). Everything that is not a literal of ours goes through one of these.
 */

const HTML_ESCAPES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}

/** Text for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
}

/**
 * Control characters (a comm can hold a newline, a NUL byte is possible in a torn file) shown as
 * visible escapes, so that two different comms never look alike on the page.
 */
export function showControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Hostile text for display: control characters made visible, then HTML-escaped. */
export function escapeText(text: string): string {
  return escapeHtml(showControls(text))
}

/**
 * JSON for a `<script type="application/json">` block. `<` is escaped as `\u003c` so that no
 * value can close the script element (`</script>`) or open a comment; U+2028/9 for old parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

/** A path or name as a relative URL: each segment percent-encoded, `/` kept. */
export function encodePathUrl(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}
