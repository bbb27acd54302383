/**
 * Reads the kernel log, the I/O side of the parsers: /dev/kmsg first (structured, with µs and
 * sequence numbers), then `journalctl -k` where journald keeps the log and /dev/kmsg is closed to
 * this user, then `dmesg`. When none can be read, the result says why and what to change: the
 * verdict becomes `unknown` with that fix, never a silent gap.
 *
 * Only records that can be about a death are kept (a substring test on the raw record before any
 * parsing), and only those at or after `sinceUsec`: the whole ring buffer is read in a few ms
 * (bench/cause-of-death.js).
 *
 * TRACE_DOCTOR_KERNEL_LOG: `off` skips the kernel log (the verdict then rests on the exit status
 * and the cgroup); a path reads that file or device in /dev/kmsg's format instead.
 */
import {spawnSync} from 'node:child_process'
import {closeSync, constants, openSync, readFileSync, readSync} from 'node:fs'
import {errnoCode} from '../errors.js'
import type {KernelLog, KernelRecord} from './kernel-record.js'
import {parseDmesgText} from './parse-dmesg-text.js'
import {parseJournalJson} from './parse-journal-json.js'
import {kmsgUsecOf, parseKmsgRecord, splitKmsgDump} from './parse-kmsg.js'

export const KMSG_PATH = '/dev/kmsg'
export const KERNEL_LOG_ENV = 'TRACE_DOCTOR_KERNEL_LOG'

/** The texts classify-records.ts recognizes; anything else is skipped unparsed. */
const INTERESTING = /Killed process |oom-kill:|: segfault at |traps: |INFO: task /

export interface ReadKernelLogOptions {
  /** Skip records older than this (µs since boot). */
  sinceUsec?: number
  env?: NodeJS.ProcessEnv
}

export function readKernelLog(options: ReadKernelLogOptions = {}): KernelLog {
  const setting = (options.env ?? process.env)[KERNEL_LOG_ENV]
  if (setting === 'off') return {readable: false, reason: `reading the kernel log is turned off (${KERNEL_LOG_ENV}=off)`, fix: `unset ${KERNEL_LOG_ENV}`}
  const path = setting !== undefined && setting !== '' ? setting : KMSG_PATH
  const kmsg = readKmsg(path, options.sinceUsec ?? 0)
  if (kmsg.readable || path !== KMSG_PATH) return kmsg
  return readJournal(options.sinceUsec ?? 0) ?? readDmesg(options.sinceUsec ?? 0) ?? kmsg
}

/** /dev/kmsg: one record per read(2), non-blocking so the end of the buffer is EAGAIN. A regular file holds a saved dump. */
export function readKmsg(path: string, sinceUsec: number): KernelLog {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    return unreadable(path, error)
  }
  const records: KernelRecord[] = []
  let oldestUsec: number | undefined
  let rotatedWhileReading = false
  const keep = (raw: string): void => {
    const usec = kmsgUsecOf(raw)
    if (usec === undefined) return
    oldestUsec ??= usec
    if (usec < sinceUsec || !INTERESTING.test(raw)) return
    const record = parseKmsgRecord(raw)
    if (record !== undefined) records.push(record)
  }
  try {
    if (path !== KMSG_PATH) {
      for (const raw of splitKmsgDump(readFileSync(fd, 'utf8'))) keep(raw)
    } else {
      // A record is at most ~8 KiB (PRINTK_MESSAGE_MAX plus dictionary); a smaller buffer is EINVAL.
      const buffer = Buffer.allocUnsafe(16 * 1024)
      for (;;) {
        let n: number
        try {
          n = readSync(fd, buffer, 0, buffer.length, null)
        } catch (error) {
          const code = errnoCode(error)
          if (code === 'EAGAIN') break
          // The ring buffer overwrote records we had not read yet: the next read continues after them.
          if (code === 'EPIPE') {
            rotatedWhileReading = true
            continue
          }
          return unreadable(path, error)
        }
        if (n === 0) break
        // Most records predate the process: judge their time from the bytes, without a string.
        const usec = usecOfBytes(buffer, n)
        if (usec === undefined) continue
        oldestUsec ??= usec
        if (usec >= sinceUsec) keep(buffer.toString('utf8', 0, n))
      }
    }
  } finally {
    closeSync(fd)
  }
  return {readable: true, source: path === KMSG_PATH ? 'kmsg' : 'file', records, oldestUsec, rotatedWhileReading}
}

/** The third comma-separated field of a raw kmsg record (`pri,seq,usec,…`), read from its bytes. */
function usecOfBytes(buffer: Buffer, length: number): number | undefined {
  let commas = 0
  let value = 0
  for (let i = 0; i < length; i++) {
    const b = buffer[i]!
    if (b === 44) {
      if (++commas === 3) return value
    } else if (commas === 2) {
      if (b < 48 || b > 57) return undefined
      value = value * 10 + (b - 48)
    } else if (b === 59) return undefined
  }
  return undefined
}

function readJournal(sinceUsec: number): KernelLog | undefined {
  const result = spawnSync('journalctl', ['-k', '-b', '-o', 'json', '--no-pager', '-q'], {encoding: 'utf8', timeout: 10_000, maxBuffer: 256 * 1024 * 1024})
  if (result.error !== undefined || result.status !== 0 || result.stdout.trim() === '') return undefined
  const all = parseJournalJson(result.stdout)
  return {readable: true, source: 'journalctl', records: all.filter((r) => r.usec >= sinceUsec && INTERESTING.test(r.text)), oldestUsec: all[0]?.usec, rotatedWhileReading: false}
}

function readDmesg(sinceUsec: number): KernelLog | undefined {
  const result = spawnSync('dmesg', [], {encoding: 'utf8', timeout: 10_000, maxBuffer: 64 * 1024 * 1024})
  if (result.error !== undefined || result.status !== 0) return undefined
  const all = parseDmesgText(result.stdout)
  return {readable: true, source: 'dmesg', records: all.filter((r) => r.usec >= sinceUsec && INTERESTING.test(r.text)), oldestUsec: all[0]?.usec, rotatedWhileReading: false}
}

function unreadable(path: string, error: unknown): KernelLog {
  const code = errnoCode(error)
  if (code === 'EPERM' || code === 'EACCES') {
    const restrict = readSysctl('kernel/dmesg_restrict')
    return {
      readable: false,
      reason: `${path}: permission denied${restrict === '1' ? ' (kernel.dmesg_restrict = 1: only processes with CAP_SYSLOG may read the kernel log)' : ''}`,
      fix:
        restrict === '1'
          ? 'run the tracer as root or with CAP_SYSLOG (e.g. systemd AmbientCapabilities=CAP_SYSLOG), or allow every user: sysctl -w kernel.dmesg_restrict=0; where journald keeps the kernel log, adding the user to the systemd-journal group also works'
          : `give this user read access to ${path} (root or CAP_SYSLOG), or add it to the systemd-journal group where journald keeps the kernel log`,
    }
  }
  if (code === 'ENOENT') return {readable: false, reason: `${path} does not exist (a container without /dev/kmsg?)`, fix: `expose the host's kernel log: mount ${KMSG_PATH} into the container (docker run --device /dev/kmsg), or run the tracer on the host`}
  return {readable: false, reason: `${path}: ${error instanceof Error ? error.message : String(error)}`, fix: `check that ${path} can be opened for reading`}
}

function readSysctl(name: string): string | undefined {
  try {
    return readFileSync(`/proc/sys/${name}`, 'utf8').trim()
  } catch {
    return undefined
  }
}
