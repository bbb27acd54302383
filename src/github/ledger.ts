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
import {mkdir, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {errnoCode, StoreError} from '../errors.js'
import {writeFileAtomic} from '../io/atomic-write.js'
import {withLock, type LockOptions} from '../store/lock.js'

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

/**
 * "Look up, then create" as one step for concurrent `issue` runs: the log dir's cross-process
 * lock (store/lock.ts) on `issue-ledger.lock`. The wait is long because GitHub calls, with their
 * retries, run inside it.
 */
export async function withLedgerLock<T>(logDir: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  try {
    await mkdir(logDir, {recursive: true})
  } catch (error) {
    throw new StoreError(`cannot create the log dir ${logDir}: ${errnoCode(error) ?? String(error)}`, error)
  }
  return withLock(join(logDir, LEDGER_LOCK), fn, {timeoutMs: 180_000, staleMs: 60_000, ...options})
}
