/** 184320 → "180.0 MiB"; sizes in KB as /proc reports them (KiB). */
export function formatKb(kb: number): string {
  if (kb < 1024) return `${kb} KiB`
  if (kb < 1024 * 1024) return `${(kb / 1024).toFixed(1)} MiB`
  return `${(kb / 1024 / 1024).toFixed(2)} GiB`
}

/** 3725.5 → "1h02m05s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—'
  if (seconds < 60) return `${seconds.toFixed(1)}s`
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const rest = s % 60
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m${String(rest).padStart(2, '0')}s` : `${m}m${String(rest).padStart(2, '0')}s`
}

/** Parses "512M", "4GiB", "1048576" (KiB), "2g" into KiB. */
export function parseSizeKb(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text)
  if (!m) return undefined
  const unit = (m[2] ?? '').toLowerCase()
  const factor = unit === '' || unit === 'k' ? 1 : unit === 'm' ? 1024 : unit === 'g' ? 1024 ** 2 : 1024 ** 3
  const value = Number(m[1]) * factor
  return Number.isFinite(value) && value > 0 ? Math.round(value) : undefined
}

/**
 * 1234567 → "1,234,567" (integers; what `toLocaleString('en-US')` prints). Hand-written because
 * the first Intl call of a process loads ICU's number formats: ~25 ms of `report`'s start-up.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n)
  const digits = String(Math.abs(n))
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1)
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`
  return n < 0 ? `-${out}` : out
}
