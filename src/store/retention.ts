/**
 * Retention (docs/formats.md §5): at most `keep` session dirs (500 by default); the oldest by mtime are
 * removed and their index lines dropped. `planRetention` is pure; `applyRetentionLocked` does
 * the I/O and must run inside the index lock, so that no index line appended concurrently is
 * lost (the rewrite starts from the file as it is under the lock).
 *
 * Crash safety: doomed dirs are first renamed to `sessions/.pruned-…` (atomic), then the index
 * is rewritten, then the renamed dirs are removed. A crash leaves `.pruned-…` dirs, which the
 * next run removes; it never leaves an index line whose dir was half deleted. Temp dirs of
 * finalizations whose process died (`.tmp-{pid}-…`) are removed here too.
 */
import {readdir, rename, rm, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {randomHex} from '../io/random-hex.js'
import {errnoCode} from '../errors.js'
import {sessionsRoot, unsafeNameReason} from './layout.js'
import {isPidAlive} from '../procfs/pid-liveness.js'
import {rewriteIndexLocked} from './session-index.js'

export const DEFAULT_KEEP = 500
const PRUNED_PREFIX = '.pruned-'

export interface SessionDirInfo {
  dirName: string
  mtimeMs: number
}

/** The dirs to remove: all but the `keep` newest (ties: the name sorting later is newer). */
export function planRetention(dirs: readonly SessionDirInfo[], keep: number): SessionDirInfo[] {
  if (dirs.length <= keep) return []
  const oldestFirst = [...dirs].sort((a, b) => a.mtimeMs - b.mtimeMs || (a.dirName < b.dirName ? -1 : a.dirName > b.dirName ? 1 : 0))
  return oldestFirst.slice(0, dirs.length - Math.max(0, keep))
}

export interface RetentionResult {
  removed: string[]
  droppedIndexLines: number
}

/** Lists the session dirs (names that could be sessions: no dot-dirs, no files). */
export async function listSessionDirNames(logDir: string): Promise<{names: string[]; leftovers: string[]}> {
  let entries
  try {
    entries = await readdir(sessionsRoot(logDir), {withFileTypes: true})
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return {names: [], leftovers: []}
    throw error
  }
  const names: string[] = []
  const leftovers: string[] = []
  for (const e of entries) {
    if (!e.isDirectory()) continue
    if (e.name.startsWith(PRUNED_PREFIX) || isDeadTempDir(e.name)) leftovers.push(e.name)
    else if (unsafeNameReason(e.name) === undefined) names.push(e.name)
  }
  return {names, leftovers}
}

/** `.tmp-{pid}-…` dirs are finalizations in progress; once their pid is dead they are debris. */
function isDeadTempDir(name: string): boolean {
  const m = /^\.tmp-(\d+)-/.exec(name)
  return m !== null && !isPidAlive(Number(m[1]))
}

export async function applyRetentionLocked(logDir: string, keep = DEFAULT_KEEP): Promise<RetentionResult> {
  const root = sessionsRoot(logDir)
  const {names, leftovers} = await listSessionDirNames(logDir)
  await Promise.all(leftovers.map((name) => rm(join(root, name), {recursive: true, force: true})))
  if (names.length <= keep) return {removed: [], droppedIndexLines: 0}
  const infos: SessionDirInfo[] = []
  for (const dirName of names) {
    try {
      infos.push({dirName, mtimeMs: (await stat(join(root, dirName))).mtimeMs})
    } catch {
      // vanished meanwhile: nothing to keep or remove
    }
  }
  const doomed = planRetention(infos, keep).map((d) => d.dirName)
  const moved: string[] = []
  const removed: string[] = []
  for (const dirName of doomed) {
    const to = join(root, `${PRUNED_PREFIX}${dirName}-${randomHex(4)}`)
    try {
      await rename(join(root, dirName), to)
      moved.push(to)
      removed.push(dirName)
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error
    }
  }
  const gone = new Set(removed)
  const droppedIndexLines = await rewriteIndexLocked(logDir, (r) => !(typeof r['dir_name'] === 'string' && gone.has(r['dir_name'])))
  await Promise.all(moved.map((p) => rm(p, {recursive: true, force: true})))
  return {removed, droppedIndexLines}
}
