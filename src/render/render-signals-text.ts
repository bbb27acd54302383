/**
 * The "Signals" lines of `analyze`'s text report: who sent the fatal signal, then each signal
 * with its sender. Comm and cmdline are the workload's and the senders' own text (anything a
 * process may call itself), so control characters are shown escaped, never sent to the terminal.
 * Pure.
 */
import type {SignalsResult} from '../analyze/analysis-result.js'
import type {SignalRecord} from '../model/signal-record.js'
import type {Palette} from './render-analysis-text.js'

/** Records shown; the rest are counted (all are in --json). */
export const SHOWN_SIGNALS = 20

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g

/** Control characters as \xNN, so a hostile comm cannot drive the terminal. */
export function printable(text: string): string {
  return text.replace(CONTROL, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

/** One line for a record, e.g. `04:01:02.123456  SIGTERM  timeout (pid 4411, parent 4400) → sleep (pid 4412)  delivered`. */
export function describeRecord(r: SignalRecord): string {
  const time = r.at.slice(11, 26)
  const parent = r.sender_ppid === null || r.sender_ppid === undefined ? '' : `, parent ${r.sender_ppid}`
  const cmd = r.sender_cmdline && r.sender_cmdline.length > 0 ? ` \`${printable(r.sender_cmdline.join(' ')).slice(0, 80)}\`` : ''
  const target = `${printable(r.target_comm)} (pid ${r.target_pid})`
  if (r.kind === 'oom_victim') return `${time}  OOM killer chose ${target}${r.anon_rss_kb === undefined ? '' : `, anon RSS ${r.anon_rss_kb} KB`}`
  const from = r.origin === 'kernel' ? `the kernel (si_code ${r.code})` : `${printable(r.sender_comm)} (pid ${r.sender_pid}${parent})${cmd}`
  return `${time}  ${r.signal.padEnd(8)} ${from} → ${target}  ${r.result}`
}

export function renderSignalsLines(s: SignalsResult, c: Palette, label: (text: string) => string): string[] {
  if (s.status === 'unavailable') {
    return [`${label('Signals')}${c.yellow(`sender unknown: ${printable(s.reason ?? 'not recorded')}`)}`, ...(s.fix ? [`  ${c.dim(`fix: ${printable(s.fix)}`)}`] : [])]
  }
  const lines = [`${label('Signals')}${s.count} received${s.sender ? `; ended by ${c.bold(printable(s.sender))}` : ''}${s.status === 'partial' ? c.yellow(` (partial: ${printable(s.reason ?? '')})`) : ''}`]
  for (const r of s.records.slice(-SHOWN_SIGNALS)) lines.push(`  ${describeRecord(r)}`)
  if (s.records.length > SHOWN_SIGNALS) lines.push(c.dim(`  (${s.records.length - SHOWN_SIGNALS} earlier signal(s) in --json)`))
  return lines
}
