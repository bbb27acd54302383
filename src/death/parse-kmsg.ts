/**
 * /dev/kmsg records (Documentation/ABI/testing/dev-kmsg): one record per read(2),
 *
 *   6,412,261899835,-;python3[10457]: segfault at 0 ip 00007f2052d74219 … error 4 in libc.so.6[…]
 *    SUBSYSTEM=pci
 *    DEVICE=+pci:0000:00:1f.2
 *
 * "prefix;message" where the prefix is `facility*8+level,seq,usec,flags[,more]`, then optional
 * continuation lines starting with a space, each `KEY=VALUE`. Non-printable bytes of the message
 * are escaped `\xNN` by the kernel (a comm can hold anything): they are decoded here.
 */
import type {KernelRecord} from './kernel-record.js'

/** Parses one record; undefined when it is not in the kmsg format. */
export function parseKmsgRecord(raw: string): KernelRecord | undefined {
  const semi = raw.indexOf(';')
  if (semi < 0) return undefined
  const prefix = raw.slice(0, semi).split(',')
  if (prefix.length < 4) return undefined
  const pri = Number(prefix[0])
  const seq = Number(prefix[1])
  const usec = Number(prefix[2])
  if (!Number.isInteger(pri) || !Number.isInteger(seq) || !Number.isInteger(usec)) return undefined
  const body = raw.slice(semi + 1)
  const nl = body.indexOf('\n')
  const text = decodeKmsgEscapes(nl < 0 ? body : body.slice(0, nl))
  const record: KernelRecord = {seq, usec, priority: pri & 7, text}
  if (nl >= 0) {
    const fields: Record<string, string> = {}
    for (const line of body.slice(nl + 1).split('\n')) {
      if (!line.startsWith(' ')) continue
      const eq = line.indexOf('=')
      if (eq > 1) fields[line.slice(1, eq)] = decodeKmsgEscapes(line.slice(eq + 1))
    }
    if (Object.keys(fields).length > 0) record.fields = fields
  }
  return record
}

/**
 * The µs timestamp of a raw record without parsing the rest: the reader skips records older
 * than what it looks for at this cost only (measured in bench/cause-of-death.js).
 */
export function kmsgUsecOf(raw: string): number | undefined {
  const a = raw.indexOf(',')
  const b = a < 0 ? -1 : raw.indexOf(',', a + 1)
  const c = b < 0 ? -1 : raw.indexOf(',', b + 1)
  if (c < 0) return undefined
  const usec = Number(raw.slice(b + 1, c))
  return Number.isInteger(usec) ? usec : undefined
}

/** `\x0a` → a newline, `\\` stays as the kernel wrote it only for real backslashes (escaped `\x5c`). */
export function decodeKmsgEscapes(text: string): string {
  if (!text.includes('\\x')) return text
  return text.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

/**
 * A saved `cat /dev/kmsg` (records one after another, continuation lines indented by a space)
 * back into raw records.
 */
export function splitKmsgDump(text: string): string[] {
  const records: string[] = []
  for (const line of text.split('\n')) {
    if (line.startsWith(' ') && records.length > 0) records[records.length - 1] += '\n' + line
    else if (line !== '') records.push(line)
  }
  return records
}
