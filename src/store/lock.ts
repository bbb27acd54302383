/**
 * A cross-process lock for the log dir, in node-proper-lockfile's shape: the lock is a directory
 * (`mkdir` is atomic on every local filesystem), holding an `owner` file `{pid} {token}`.
 *
 * - While held, the lock dir's mtime is refreshed every `staleMs / 3`, so a holder that is alive
 *   never looks stale, however long it works.
 * - A lock is stale when its owner pid no longer exists (same host: the log dir is local), or,
 *   when the owner file is missing or unreadable (the holder died between `mkdir` and writing
 *   it), when its mtime is older than `staleMs`.
 * - A stale lock is re-checked (same owner token) right before it is removed. Two waiters may
 *   still race to break the same dead holder's lock (recover's worker threads do, after a crash):
 *   the loser's removal then meets the winner's new lock and gives way (breakIfStale).
 *
 * Lock and unlock use sync calls: they are single syscalls on a local dir, taken once per
 * finalized session, and thread-pool round trips for them dominated batch recovery.
 *
 * Not flock(2): Node has no binding for it, and a lock per index rewrite must not cost a process
 * spawn. (The tracer's one long-lived lock on its trace file does use `flock(1)`, once per run:
 * trace/hold-flock.ts.) A mkdir lock also works on every filesystem and is visible with `ls`.
 */
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {rm, stat, utimes} from 'node:fs/promises'
import {join} from 'node:path'
import {randomHex} from '../io/random-hex.js'
import {errnoCode, LockTimeoutError} from '../errors.js'
import {isPidAlive} from '../procfs/pid-liveness.js'

export interface LockOptions {
  /** Give up after this long (ms). */
  timeoutMs?: number
  /** A lock without a readable owner is stale after this long (ms). */
  staleMs?: number
}

const OWNER_FILE = 'owner'
const DEFAULT_TIMEOUT_MS = 60_000
const DEFAULT_STALE_MS = 10_000

/** Runs `fn` while holding the lock at `lockPath` (a directory that must not otherwise exist). */
export async function withLock<T>(lockPath: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireLock(lockPath, options)
  try {
    return await fn()
  } finally {
    await release()
  }
}

export async function acquireLock(lockPath: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS
  const token = `${process.pid} ${randomHex(6)}`
  const started = Date.now()
  let delay = 1
  for (;;) {
    try {
      mkdirSync(lockPath)
      break
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error
    }
    if (await breakIfStale(lockPath, staleMs)) continue
    if (Date.now() - started > timeoutMs) throw new LockTimeoutError(lockPath, Date.now() - started)
    // Jittered backoff capped low: the critical sections are a few ms, waiters should not oversleep.
    await sleep(delay + Math.random() * delay)
    delay = Math.min(delay * 2, 25)
  }
  writeFileSync(join(lockPath, OWNER_FILE), token)
  const timer = setInterval(() => {
    const now = new Date()
    utimes(lockPath, now, now).catch(() => undefined) // a failed refresh only risks a steal after staleMs
  }, Math.max(50, Math.floor(staleMs / 3)))
  timer.unref()
  return async () => {
    clearInterval(timer)
    // Only remove the lock if it is still ours (it may have been broken as stale after a long pause).
    if ((await readOwner(lockPath)) === token) rmSync(lockPath, {recursive: true, force: true})
  }
}

async function breakIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  const owner = await readOwner(lockPath)
  if (!(await isStale(lockPath, owner, staleMs))) return false
  if ((await readOwner(lockPath)) !== owner) return false
  try {
    await rm(lockPath, {recursive: true, force: true})
  } catch (error) {
    // Two waiters broke the same dead holder's lock, and the other one already made it anew
    // (its owner file appeared while this rm emptied the dir): not ours to remove. The next
    // mkdir tells who holds it. If this rm took the new owner file with it, that holder still
    // holds the lock (its refreshed mtime keeps it from looking stale), and it merely stays
    // behind after release until it is stale by mtime.
    if (errnoCode(error) !== 'ENOTEMPTY' && errnoCode(error) !== 'EEXIST') throw error
  }
  return true
}

async function isStale(lockPath: string, owner: string | undefined, staleMs: number): Promise<boolean> {
  const pid = owner === undefined ? NaN : Number(owner.split(' ')[0])
  if (Number.isInteger(pid) && pid > 0) return !isPidAlive(pid)
  try {
    return Date.now() - (await stat(lockPath)).mtimeMs > staleMs
  } catch {
    return false // gone already: the next mkdir will tell
  }
}

async function readOwner(lockPath: string): Promise<string | undefined> {
  try {
    return readFileSync(join(lockPath, OWNER_FILE), 'utf8')
  } catch {
    return undefined
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
