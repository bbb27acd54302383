/**
 * The "Signals" section of an issue body: who ended the workload, or why that is unknown and
 * the fix, then the last signals with their senders. Sender command lines are left out: they
 * may hold secrets that redaction does not know, and the comm and pid already name the sender.
 * Pure.
 */
import type {SignalRecord, SignalTrace} from '../model/signal-record.js'
import {escapeCell, inlineCode} from './markdown.js'

/** Rows in the body; the session dir has them all. */
export const ISSUE_SIGNAL_ROWS = 10

export function renderSignalsSection(trace: SignalTrace | undefined, records: readonly SignalRecord[]): string[] {
  if (trace === undefined && records.length === 0) return []
  const lines = ['### Signals', '']
  if (trace?.status === 'unavailable') {
    lines.push(`Sender unknown: ${escapeCell(trace.reason ?? 'not recorded')}.${trace.fix ? ` Fix: ${inlineCode(trace.fix)}` : ''}`)
    return lines
  }
  lines.push(trace?.sender ? `Ended by ${inlineCode(trace.sender)}.` : 'No fatal signal from a sender was recorded.')
  if (trace?.status === 'partial') lines.push('', `_Partial: ${escapeCell(trace.reason ?? '')}_`)
  if (records.length === 0) return lines
  const shown = records.slice(-ISSUE_SIGNAL_ROWS)
  lines.push('', '| time (UTC) | signal | sender | target | result |', '|---|---|---|---|---|')
  for (const r of shown) {
    const what = r.kind === 'oom_victim' ? 'OOM killer' : r.signal
    const sender = r.kind === 'signal' && r.origin === 'kernel' ? 'the kernel' : `${inlineCode(r.sender_comm, {inTable: true})} (pid ${r.sender_pid})`
    const result = r.kind === 'oom_victim' ? 'chosen' : r.result
    lines.push(`| ${escapeCell(r.at)} | ${escapeCell(what)} | ${sender} | ${inlineCode(r.target_comm, {inTable: true})} (pid ${r.target_pid}) | ${escapeCell(result)} |`)
  }
  if (records.length > shown.length) lines.push('', `_${records.length - shown.length} earlier signal(s) in the session's signals.jsonl._`)
  return lines
}
