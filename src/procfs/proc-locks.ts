/**
 * Which files are locked right now, from /proc/locks (proc(5)), read once per run. Node has no
 * flock(2); the kernel's table is the portable way to see a lock another process holds.
 *
 *   1: FLOCK  ADVISORY  WRITE 12345 00:1a:123456 0 EOF
 *   2: -> FLOCK  ADVISORY  WRITE 12346 00:1a:123456 0 EOF     (a waiter, not a holder)
 *
 * The device is MAJOR:MINOR in hex, the inode in decimal.
 */
import {readFileSync} from 'node:fs'

/** Holder pids by `${major}:${minor}:${inode}` (numbers in decimal). */
export type LockTable = Map<string, number[]>

export function parseProcLocks(text: string): LockTable {
  const table: LockTable = new Map()
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/)
    if (fields.length < 6 || fields[1] === '->') continue
    const pid = Number(fields[4])
    const [major, minor, inode] = (fields[5] ?? '').split(':')
    if (major === undefined || minor === undefined || inode === undefined) continue
    const key = `${parseInt(major, 16)}:${parseInt(minor, 16)}:${inode}`
    const holders = table.get(key) ?? []
    holders.push(pid)
    table.set(key, holders)
  }
  return table
}

/** The /proc/locks key of a file from its fstat dev/ino (glibc's gnu_dev_major/minor). */
export function lockKey(dev: number, ino: number): string {
  const d = BigInt(dev)
  const major = ((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn)
  const minor = (d & 0xffn) | ((d >> 12n) & ~0xffn)
  return `${major}:${minor}:${ino}`
}

export function readLockTable(path = '/proc/locks'): LockTable {
  try {
    return parseProcLocks(readFileSync(path, 'utf8'))
  } catch {
    return new Map() // no /proc/locks: the pid checks still apply
  }
}
