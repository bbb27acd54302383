/**
 * A one-line progress bar on stderr for long work (reading a big trace, recovering many files).
 *
 * It stays silent unless it can only help: stderr must be a TTY (a pipe or a log file would get
 * `\r` garbage), never with `--json` (a script is reading), never when `CI` is set (CI logs keep
 * every redraw). It appears only once the work has run for `delayMs` (about a second: shorter
 * work would just flicker), redraws at most every `intervalMs`, and erases itself at the end so
 * the command's real output starts on a clean line.
 */

/** Overrides `delayMs` (e.g. `0` to see the bar at once on a fast machine, or in tests). */
export const PROGRESS_DELAY_ENV = 'TRACE_DOCTOR_PROGRESS_DELAY_MS'

export interface ProgressStream {
  isTTY?: boolean
  columns?: number
  write(text: string): boolean
}

export interface ProgressOptions {
  label: string
  /** 'bytes' shows MiB read; 'items' shows counts (files). */
  unit?: 'bytes' | 'items'
  stream?: ProgressStream
  /** Whether the command allows it at all (false under --json). */
  allowed?: boolean
  env?: NodeJS.ProcessEnv
  delayMs?: number
  intervalMs?: number
  now?: () => number
}

/** The conditions above, in one place, so every command decides alike. */
export function shouldShowProgress(stream: ProgressStream, allowed: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env['CI']
  const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false'
  return allowed && stream.isTTY === true && !inCi
}

export class ProgressBar {
  private readonly stream: ProgressStream
  private readonly enabled: boolean
  private readonly started: number
  private readonly now: () => number
  private readonly delayMs: number
  private lastDraw = -Infinity
  private drawn = false

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr
    this.enabled = shouldShowProgress(this.stream, options.allowed ?? true, options.env)
    this.now = options.now ?? Date.now
    this.started = this.now()
    const fromEnv = Number((options.env ?? process.env)[PROGRESS_DELAY_ENV])
    this.delayMs = options.delayMs ?? (Number.isFinite(fromEnv) && (options.env ?? process.env)[PROGRESS_DELAY_ENV] !== '' && fromEnv >= 0 ? fromEnv : 1000)
  }

  /** A callback shaped like the `onProgress` options of analyzeInput and the recovery driver. */
  get onProgress(): (done: number, total: number) => void {
    return (done, total) => this.update(done, total)
  }

  update(done: number, total: number): void {
    if (!this.enabled) return
    const t = this.now()
    if (t - this.started < this.delayMs) return
    if (t - this.lastDraw < (this.options.intervalMs ?? 100) && done < total) return
    this.lastDraw = t
    this.drawn = true
    this.stream.write(`\r${renderProgressLine(this.options.label, done, total, this.stream.columns || 80, this.options.unit ?? 'bytes')}`)
  }

  /** Erases the bar (only if it was ever drawn). Call it in `finally`. */
  finish(): void {
    if (!this.drawn) return
    this.stream.write('\r\u001b[2K')
    this.drawn = false
  }
}

/** `report  [██████░░░░░░░░]  42%  84.0/200.0 MiB`, fitted to `columns`. Pure. */
export function renderProgressLine(label: string, done: number, total: number, columns: number, unit: 'bytes' | 'items'): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4)
  const amount = unit === 'bytes' ? `${mib(done)}/${mib(total)} MiB` : `${done}/${total}`
  const fixed = `${label}  []  ${percent}  ${amount}`
  // Leave the last column free: writing into it makes some terminals wrap. A pty may report 0.
  const barWidth = Math.max(0, Math.min(40, columns - 1 - fixed.length))
  if (barWidth < 5) return `${label} ${percent}`.slice(0, Math.max(0, columns - 1))
  const full = Math.round(fraction * barWidth)
  return `${label}  [${'█'.repeat(full)}${'░'.repeat(barWidth - full)}]  ${percent}  ${amount}`
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1)
}
