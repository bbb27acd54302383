/**
 * Host facts needed to turn /proc numbers into units: clock ticks per second (USER_HZ, for
 * utime/stime/starttime), page size (for statm) and the boot id (with starttime it identifies a
 * process across pid reuse; docs/formats.md §3). Node exposes no sysconf, so `getconf` is asked once per
 * run; when it is missing the Linux defaults (100 Hz, 4 KiB) hold on every mainstream arch.
 */
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

export interface SystemInfo {
  ticksPerSecond: number
  pageSize: number
  /** `/proc/sys/kernel/random/boot_id` trimmed; null when unreadable. */
  bootId: string | null
}

export const DEFAULT_TICKS_PER_SECOND = 100
export const DEFAULT_PAGE_SIZE = 4096

/** Parses `getconf CLK_TCK; getconf PAGESIZE` output (two lines); bad lines fall back to defaults. */
export function parseGetconf(text: string): {ticksPerSecond: number; pageSize: number} {
  const [ticks, page] = text.split('\n').map((l) => Number(l.trim()))
  return {
    ticksPerSecond: ticks !== undefined && Number.isInteger(ticks) && ticks > 0 ? ticks : DEFAULT_TICKS_PER_SECOND,
    pageSize: page !== undefined && Number.isInteger(page) && page > 0 ? page : DEFAULT_PAGE_SIZE,
  }
}

export function readBootId(root = '/proc'): string | null {
  try {
    const id = readFileSync(join(root, 'sys/kernel/random/boot_id'), 'utf8').trim()
    return id === '' ? null : id
  } catch {
    return null // no boot id: recover's boot gate then treats the trace as of unknown boot, as docs/formats.md §7 allows
  }
}

let cached: SystemInfo | undefined

export function readSystemInfo(root = '/proc'): SystemInfo {
  if (cached !== undefined && root === '/proc') return cached
  const result = spawnSync('/bin/sh', ['-c', 'getconf CLK_TCK; getconf PAGESIZE'], {encoding: 'utf8', timeout: 5000})
  const info = {...parseGetconf(result.status === 0 ? result.stdout : ''), bootId: readBootId(root)}
  if (root === '/proc') cached = info
  return info
}
