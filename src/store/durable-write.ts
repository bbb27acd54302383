/**
 * Synchronous durable writes for the finalization hot path. Files written into a private temp
 * dir need no temp+rename of their own (the whole dir is renamed into place, then its parent is
 * fsynced); they only need to be on disk before that rename. Sync calls on purpose: one
 * finalization does ~20 small file operations, and each async one costs a thread-pool round
 * trip (see shared/STACK.md, /proc sampling) — they dominated `recover` before.
 */
import {closeSync, fsyncSync, openSync, writeSync} from 'node:fs'

/** Creates `path` (it must not exist), writes all of `text`, fsyncs, closes. */
export function writeNewFileSync(path: string, text: string): void {
  const fd = openSync(path, 'wx', 0o644)
  try {
    writeAllSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** writeSync may write less than asked (a signal, a nearly full disk): loop until all is out. */
export function writeAllSync(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8')
  let offset = 0
  while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset)
}

/** Makes renames in `dir` durable; filesystems that refuse fsync on a directory are fine. */
export function syncDirSync(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // EINVAL/EISDIR where directory fsync is unsupported: best effort, as io/atomic-write.ts.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
