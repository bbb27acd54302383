/**
 * A plain terminal table: a header row, then one row per item, columns two spaces apart and
 * padded to their widest cell; the last column is never padded (no trailing blanks). Cells hold
 * a traced process's comm and file names: their control characters are escaped (`\x1b`). Pure.
 *
 *   PID   VERDICT    REASON
 *   4242  recovered  pid 4242 no longer exists
 */

import {escapeLine} from './terminal-text.js'

export interface TableOptions {
  /** Columns whose cells do not widen the column (free text that would push the others apart). */
  unbounded?: readonly number[]
}

/** Width in code points, so that a comm like "naïve🚀" counts as the characters it shows. */
const width = (text: string): number => [...text].length

export function renderTable(head: readonly string[], unsafeRows: ReadonlyArray<readonly string[]>, options: TableOptions = {}): string[] {
  const rows = unsafeRows.map((r) => r.map(escapeLine))
  const unbounded = new Set(options.unbounded ?? [])
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => (unbounded.has(i) ? 0 : width(r[i] ?? '')))))
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(Math.max(0, widths[i]! - width(c))))).join('  ').trimEnd()
  return [line(head), ...rows.map(line)]
}
