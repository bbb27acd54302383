/**
 * The local ledger of issues filed from this machine, `{logDir}/issue-ledger.json`, and the lock
 * that makes "look up, then create" one step for concurrent `issue` runs.
 *
 *   {"version": 1, "repos": {"api.github.com/OWNER/NAME": {"td-fp-v1-…": {"number": 12,
 *     "url": "https://github.com/OWNER/NAME/issues/12", "filed_at": "2026-…Z"}}}}
 *
 * The ledger is a cache, not the truth: an entry is used only after GitHub confirms the issue is
 * open and carries the fingerprint. A corrupt ledger is ignored and rewritten, never fatal.
 */
import {mkdir, readFile, rm, stat, utimes, writeFile} from 'node:fs/promises'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {errnoCode, LockTimeoutError, StoreError} from '../errors.js'
import {writeFileAtomic} from '../io/atomic-write.js'

export const LEDGER_FILE = 'issue-ledger.json'
export const LEDGER_LOCK = 'issue-ledger.lock'

export interface LedgerEntry {
  number: number
  url: string
  filed_at: string
}

interface LedgerFile {
  version: 1
  repos: Record<string, Record<string, LedgerEntry>>
}

export function ledgerKey(apiUrl: string, repo: string): string {
  let host = apiUrl
  try {
    const u = new URL(apiUrl)
    host = `${u.host}${u.pathname.replace(/\/+$/, '')}`
  } catch {
    // keep the raw text: it still separates one API from another
  }
  return `${host}/${repo}`
}

export async function readLedger(logDir: string): Promise<LedgerFile> {
  try {
    const value = JSON.parse(await readFile(join(logDir, LEDGER_FILE), 'utf8')) as Partial<LedgerFile>
    if (value && value.version === 1 && typeof value.repos === 'object' && value.repos !== null) return value as LedgerFile
  } catch {
    // missing or corrupt: start afresh (the issues list on GitHub is the truth)
  }
  return {version: 1, repos: {}}
}

export async function lookupLedger(logDir: string, key: string, fingerprint: string): Promise<LedgerEntry | undefined> {
  const entry = (await readLedger(logDir)).repos[key]?.[fingerprint]
  return entry && Number.isInteger(entry.number) ? entry : undefined
}

/** Records (or, with `entry` undefined, forgets) the issue for a fingerprint. Call under the lock. */
export async function recordLedger(logDir: string, key: string, fingerprint: string, entry: LedgerEntry | undefined): Promise<void> {
  const ledger = await readLedger(logDir)
  const repo = (ledger.repos[key] ??= {})
  if (entry) repo[fingerprint] = entry
  else delete repo[fingerprint]
  await writeFileAtomic(join(logDir, LEDGER_FILE), JSON.stringify(ledger, null, 2) + '\n')
}

export interface LockOptions {
  /** A lock older than this (and not refreshed) is taken over. */
  staleMs?: number
  timeoutMs?: number
  pollMs?: number
}

/**
 * mkdir lock with staleness (proper-lockfile's shape): the holder refreshes the dir's mtime
 * while it works; a lock whose owner process is gone (same host) or whose mtime is older than
 * `staleMs` is removed and retaken.
 */
export async function withLedgerLock<T>(logDir: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? 60_000
  const lockDir = join(logDir, LEDGER_LOCK)
  try {
    await mkdir(logDir, {recursive: true})
  } catch (error) {
    throw new StoreError(`cannot create the log dir ${logDir}: ${errnoCode(error) ?? String(error)}`, error)
  }
  const deadline = Date.now() + (options.timeoutMs ?? 180_000)
  for (;;) {
    try {
      await mkdir(lockDir)
      break
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw new StoreError(`cannot lock ${lockDir}: ${errnoCode(error) ?? String(error)}`, error)
    }
    if (await isStale(lockDir, staleMs)) {
      await rm(lockDir, {recursive: true, force: true})
      continue
    }
    if (Date.now() > deadline) throw new LockTimeoutError(lockDir, options.timeoutMs ?? 180_000)
    await new Promise((r) => setTimeout(r, options.pollMs ?? 50))
  }
  await writeFile(join(lockDir, 'owner.json'), JSON.stringify({pid: process.pid, host: hostname(), at: new Date().toISOString()}))
  const refresh = setInterval(() => {
    const now = new Date()
    utimes(lockDir, now, now).catch(() => undefined) // losing one refresh only brings staleness closer
  }, Math.max(1000, staleMs / 3))
  refresh.unref()
  try {
    return await fn()
  } finally {
    clearInterval(refresh)
    await rm(lockDir, {recursive: true, force: true})
  }
}

async function isStale(lockDir: string, staleMs: number): Promise<boolean> {
  try {
    const owner = JSON.parse(await readFile(join(lockDir, 'owner.json'), 'utf8')) as {pid?: unknown; host?: unknown}
    if (owner.host === hostname() && typeof owner.pid === 'number' && !isAlive(owner.pid)) return true
  } catch {
    // no owner file yet (the holder is between mkdir and writeFile) or unreadable: judge by age
  }
  try {
    return Date.now() - (await stat(lockDir)).mtimeMs > staleMs
  } catch {
    return false // gone already: the next mkdir will tell
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return errnoCode(error) === 'EPERM'
  }
}
