/**
 * Kernel log text as `dmesg` prints it, the fallback when /dev/kmsg cannot be opened but the
 * `dmesg` binary can read the log (or for a log saved to a file):
 *
 *   [  261.899835] python3[10457]: segfault at 0 ip 00007f2052d74219 sp … error 4 in libc.so.6[…]
 *   <6>[  261.899835] …            (dmesg -r: the priority in front)
 *
 * Lines without a `[seconds]` stamp (dmesg -t, continuation text) are skipped: without a time a
 * record cannot be placed inside a process's life, so it can never be matched.
 */
import type {KernelRecord} from './kernel-record.js'

const LINE = /^(?:<(\d+)>)?\[\s*(\d+)\.(\d{1,9})\]\s?(.*)$/

export function parseDmesgText(text: string): KernelRecord[] {
  const records: KernelRecord[] = []
  for (const line of text.split('\n')) {
    const m = LINE.exec(line)
    if (m === null) continue
    const frac = m[3]!.padEnd(6, '0').slice(0, 6)
    const record: KernelRecord = {usec: Number(m[2]) * 1_000_000 + Number(frac), text: m[4]!}
    if (m[1] !== undefined) record.priority = Number(m[1]) & 7
    records.push(record)
  }
  return records
}
