/**
 * Host facts needed to turn /proc numbers into units: clock ticks per second (USER_HZ, for
 * utime/stime/starttime), page size (for statm) and the boot id (with starttime it identifies a
 * process across pid reuse; docs/formats.md §3). Node exposes no sysconf; what sysconf answers comes
 * from the auxiliary vector the kernel hands every process (AT_CLKTCK, AT_PAGESZ), which
 * /proc/self/auxv shows. Reading it replaced spawning `sh -c 'getconf …'` (three processes, ~8 ms
 * of every `trace`). When it is unreadable, the Linux defaults (100 Hz, 4 KiB) hold on every
 * mainstream arch.
 */
import {readFileSync} from 'node:fs'
import {arch, endianness} from 'node:os'
import {join} from 'node:path'

export interface SystemInfo {
  ticksPerSecond: number
  pageSize: number
  /** `/proc/sys/kernel/random/boot_id` trimmed; null when unreadable. */
  bootId: string | null
}

export const DEFAULT_TICKS_PER_SECOND = 100
export const DEFAULT_PAGE_SIZE = 4096

const AT_NULL = 0
const AT_PAGESZ = 6
const AT_CLKTCK = 17

/**
 * Parses an auxiliary vector (pairs of native words: type, value; AT_NULL ends it). Missing or
 * nonsensical entries fall back to the defaults. Pure.
 */
export function parseAuxv(bytes: Uint8Array, wordBytes: 4 | 8, littleEndian: boolean): {ticksPerSecond: number; pageSize: number} {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const word = (at: number): number => (wordBytes === 8 ? Number(view.getBigUint64(at, littleEndian)) : view.getUint32(at, littleEndian))
  let ticksPerSecond = DEFAULT_TICKS_PER_SECOND
  let pageSize = DEFAULT_PAGE_SIZE
  for (let at = 0; at + 2 * wordBytes <= bytes.byteLength; at += 2 * wordBytes) {
    const type = word(at)
    const value = word(at + wordBytes)
    if (type === AT_NULL) break
    if (type === AT_CLKTCK && value > 0 && value <= 100_000) ticksPerSecond = value
    if (type === AT_PAGESZ && value >= 1024 && (value & (value - 1)) === 0) pageSize = value
  }
  return {ticksPerSecond, pageSize}
}

/** This process's word size: 8 bytes on 64-bit archs. */
const WORD_BYTES: 4 | 8 = ['x64', 'arm64', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el'].includes(arch()) ? 8 : 4

function readUnits(root: string): {ticksPerSecond: number; pageSize: number} {
  try {
    return parseAuxv(readFileSync(join(root, 'self/auxv')), WORD_BYTES, endianness() === 'LE')
  } catch {
    return {ticksPerSecond: DEFAULT_TICKS_PER_SECOND, pageSize: DEFAULT_PAGE_SIZE}
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
  const info = {...readUnits(root), bootId: readBootId(root)}
  if (root === '/proc') cached = info
  return info
}
