/**
 * `journalctl -k -b -o json` output, where systemd-journald keeps the kernel log and the user may
 * read the journal (group systemd-journal or adm) while /dev/kmsg is closed to them. One JSON
 * object per line; the kernel's own time is `_SOURCE_MONOTONIC_TIMESTAMP` (µs since boot),
 * journald's receive time `__MONOTONIC_TIMESTAMP` is the fallback. MESSAGE may be a byte array
 * when it is not UTF-8.
 *
 *   {"MESSAGE": "python3[10457]: segfault at 0 …", "PRIORITY": "6", "_SOURCE_MONOTONIC_TIMESTAMP": "261899835", …}
 */
import type {KernelRecord} from './kernel-record.js'

export function parseJournalJson(text: string): KernelRecord[] {
  const records: KernelRecord[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    let entry: unknown
    try {
      entry = JSON.parse(line)
    } catch {
      continue
    }
    if (typeof entry !== 'object' || entry === null) continue
    const e = entry as Record<string, unknown>
    const usec = Number(e['_SOURCE_MONOTONIC_TIMESTAMP'] ?? e['__MONOTONIC_TIMESTAMP'])
    const message = e['MESSAGE']
    const msg = typeof message === 'string' ? message : Array.isArray(message) ? Buffer.from(message as number[]).toString('latin1') : undefined
    if (!Number.isFinite(usec) || msg === undefined) continue
    const record: KernelRecord = {usec, text: msg.split('\n')[0]!}
    const priority = Number(e['PRIORITY'])
    if (Number.isInteger(priority)) record.priority = priority
    const seq = Number(e['SYSLOG_SEQNUM'] ?? Number.NaN)
    if (Number.isInteger(seq)) record.seq = seq
    records.push(record)
  }
  return records
}
