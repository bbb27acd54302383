/**
 * Synchronous durable writes for the finalization hot path. Files written into a private temp
 * dir need no temp+rename of their own (the whole dir is renamed into place, then its parent is
 * fsynced); they only need to be on disk before that rename. Sync calls on purpose: one
 * finalization does ~20 small file operations, and each async one costs a thread-pool round
 * trip (see shared/STACK.md, /proc sampling) — they dominated `recover` before.
 */
import {spawnSync} from 'node:child_process'
import {closeSync, fstatSync, fsyncSync, openSync, readdirSync, readSync, writeSync} from 'node:fs'
import {join} from 'node:path'

/** Creates `path` (it must not exist), writes all of `text`, fsyncs (unless the caller syncs a batch later), closes. */
export function writeNewFileSync(path: string, text: string, options: {fsync: boolean} = {fsync: true}): void {
  const fd = openSync(path, 'wx', 0o644)
  try {
    writeAllSync(fd, text)
    if (options.fsync) fsyncSync(fd)
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

/**
 * Appends whole lines (each ending in "\n") to an append-only NDJSON file in one write, then
 * fsyncs. A crashed writer may have left a torn last line: it is closed off with a newline first,
 * so the torn line stays one bad line instead of swallowing the first new one.
 */
export function appendLinesDurably(path: string, text: string): void {
  if (text === '') return
  const fd = openSync(path, 'a+', 0o644)
  try {
    const {size} = fstatSync(fd)
    let prefix = ''
    if (size > 0) {
      const last = Buffer.alloc(1)
      readSync(fd, last, 0, 1, size - 1)
      if (last[0] !== 10) prefix = '\n'
    }
    writeAllSync(fd, prefix + text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
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

/**
 * Makes every file written under each of `dirs` (one level of subdirs: session temp dirs) durable
 * at once, for batch writers (`recover`). fsync(2) of each file is no good here: on ext4 with
 * delayed allocation each one allocates its blocks and commits the journal on its own (measured
 * 8–15 ms per session against ~1 ms for a batch of 64 sessions with the call below). syncfs(2)
 * writes the whole filesystem back and commits once, but Node exposes no syncfs: coreutils'
 * `sync --file-system` is that call. Where it is missing or fails, every file is fsynced.
 * syncfs also flushes other processes' dirty data on that filesystem: one wait per batch.
 */
export function syncTree(dirs: readonly string[]): void {
  if (dirs.length === 0) return
  const synced = spawnSync('sync', ['--file-system', dirs[0]!], {stdio: 'ignore'})
  if (synced.status === 0) return
  for (const dir of dirs) {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      if (entry.isFile()) fsyncPathSync(join(dir, entry.name))
    }
    syncDirSync(dir)
  }
}

function fsyncPathSync(path: string): void {
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
