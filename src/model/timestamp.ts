/**
 * The timestamps of every file (docs/formats.md §4): ISO 8601 UTC with microseconds and `+00:00`, as
 * Python's `datetime.isoformat()` writes them, e.g. `2026-04-13T11:04:43.123456+00:00`.
 * One module formats and parses them.
 */

/** 1776078283123456 (µs since the epoch) → "2026-04-13T11:04:43.123456+00:00". */
export function formatIsoMicros(us: number): string {
  const ms = Math.floor(us / 1000)
  const iso = new Date(ms).toISOString() // "2026-04-13T11:04:43.123Z"
  const micros = String(us - ms * 1000).padStart(3, '0')
  return `${iso.slice(0, 23)}${micros}+00:00`
}

/**
 * Milliseconds since the epoch of a snapshot timestamp. The tracers write one exact shape,
 * `2026-04-13T11:04:43.123456+00:00` (or `Z`); that shape is decoded by hand, at a quarter of
 * `Date.parse`'s cost on the analysis hot path, and anything else goes to `Date.parse`.
 * Returns undefined when the text is not a timestamp.
 */
export function timestampMs(text: string): number | undefined {
  const n = text.length
  if (n >= 20 && text.charCodeAt(4) === 45 && text.charCodeAt(10) === 84 && text.charCodeAt(19) === 46) {
    let i = 20
    let fraction = 0
    let digits = 0
    for (; i < n; i++) {
      const c = text.charCodeAt(i) - 48
      if (c < 0 || c > 9) break
      if (digits < 3) {
        fraction = fraction * 10 + c
        digits++
      }
    }
    if (i > 20 && hasDigitsAndSeparators(text) && (i === n - 1 ? text.charCodeAt(i) === 90 : text.endsWith('+00:00') && i === n - 6)) {
      while (digits < 3) {
        fraction *= 10
        digits++
      }
      const d = (k: number) => text.charCodeAt(k) - 48
      const ms = Date.UTC(d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3), d(5) * 10 + d(6) - 1, d(8) * 10 + d(9), d(11) * 10 + d(12), d(14) * 10 + d(15), d(17) * 10 + d(18), fraction)
      if (!Number.isNaN(ms)) return ms
    }
  }
  const parsed = Date.parse(text)
  return Number.isNaN(parsed) ? undefined : parsed
}

const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]

function hasDigitsAndSeparators(text: string): boolean {
  for (const k of DIGIT_POSITIONS) {
    const c = text.charCodeAt(k)
    if (c < 48 || c > 57) return false
  }
  return text.charCodeAt(7) === 45 && text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58
}
