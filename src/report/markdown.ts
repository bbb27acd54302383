/**
 * Markdown building blocks for text we do not control. comm, cmdline, paths and error context
 * are hostile input in a forensic report (a process can name itself `|x|` or "`</details>`"), so
 * every value goes through one of these before it reaches a table, a code span or a fence.
 */

/**
 * One table cell on one line: newlines become spaces, `|` and `\` are escaped, `<` `>` `&` become
 * entities so no HTML (like `</details>`) can end a block early, and `` ` `` is escaped so an
 * odd backtick cannot open a code span across cells.
 */
export function escapeCell(text: string): string {
  return text
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

/**
 * A code span that shows `text` literally: the delimiter is one backtick more than the longest
 * run inside (CommonMark 6.1), padded with a space when the text starts or ends with a backtick.
 * For use inside tables pass `inTable` so `|` is escaped (GFM splits cells before code spans).
 */
export function inlineCode(text: string, options: {inTable?: boolean} = {}): string {
  let body = text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
  if (options.inTable) body = body.replace(/\|/g, '\\|')
  const longest = longestRun(body, '`')
  const fence = '`'.repeat(longest + 1)
  const pad = body.startsWith('`') || body.endsWith('`') || body === '' ? ' ' : ''
  return `${fence}${pad}${body}${pad}${fence}`
}

/** A fenced block whose fence is longer than any backtick run inside, so the content cannot close it. */
export function codeBlock(text: string, info = ''): string[] {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1))
  return [`${fence}${info}`, ...text.split(/\r\n|\n/), fence]
}

export function longestRun(text: string, ch: string): number {
  let best = 0
  let run = 0
  for (const c of text) {
    if (c === ch) {
      run++
      if (run > best) best = run
    } else run = 0
  }
  return best
}

/** Cuts to at most `max` characters (code points), marking the cut with "…". */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + '…'
}
