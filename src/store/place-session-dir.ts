/**
 * Moves a completely written temp session dir into `sessions/{dir_name}` and indexes it, inside
 * the index lock, so that "dir in place" and "index line present" change together for every
 * other lock holder.
 *
 * - Name taken by an identical session (same summary.json text): this is a re-run of a
 *   finalization that crashed after the rename (e.g. `recover` killed before it removed the tmpfs
 *   files). Nothing is written twice: the temp dir is dropped and the index line is appended
 *   only if it is missing.
 * - Name taken by a different session (a reused session id): the original would write into the
 *   same dir and mix two sessions; trace-doctor keeps both, naming the new one `{dir_name}_2`,
 *   `_3`, … (its summary's dir_name says so).
 */
import {readFileSync, renameSync, rmSync, unlinkSync} from 'node:fs'
import {join} from 'node:path'
import {errnoCode, StoreError} from '../errors.js'
import {SUMMARY_FILE, sessionsRoot} from './layout.js'
import {writeNewFileSync} from './durable-write.js'
import {serializeIndexLine, serializeSummary} from './session-files.js'
import {appendIndexLinesLocked, readSessionsIndex} from './session-index.js'

export interface PlacedDir {
  dirName: string
  /** True when an identical session was already in place (nothing new was written). */
  alreadyFinalized: boolean
  summary: Record<string, unknown>
}

const MAX_SUFFIX = 1000

export async function placeSessionDirLocked(
  logDir: string,
  tmpDir: string,
  summary: Record<string, unknown>,
  labels: {kitchen_id?: string; order_id?: string},
): Promise<PlacedDir> {
  const root = sessionsRoot(logDir)
  const base = String(summary['dir_name'])
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const dirName = n === 1 ? base : `${base}_${n}`
    const named = {...summary, dir_name: dirName}
    const text = serializeSummary(named)
    const target = join(root, dirName)
    const existing = readIfExists(join(target, SUMMARY_FILE))
    if (existing === text) {
      rmSync(tmpDir, {recursive: true, force: true})
      await ensureIndexed(logDir, dirName, serializeIndexLine(named, labels))
      return {dirName, alreadyFinalized: true, summary: named}
    }
    if (existing !== undefined) continue
    if (n > 1) {
      unlinkSync(join(tmpDir, SUMMARY_FILE))
      writeNewFileSync(join(tmpDir, SUMMARY_FILE), text)
    }
    try {
      renameSync(tmpDir, target)
    } catch (error) {
      // A dir without summary.json (foreign or emptied by hand) holds the name: try the next one.
      if (errnoCode(error) === 'ENOTEMPTY' || errnoCode(error) === 'EEXIST' || errnoCode(error) === 'ENOTDIR') continue
      throw error
    }
    await appendIndexLinesLocked(logDir, [serializeIndexLine(named, labels)])
    return {dirName, alreadyFinalized: false, summary: named}
  }
  throw new StoreError(`${join(root, base)}: ${MAX_SUFFIX} sessions already use this name`)
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return undefined
    throw error
  }
}

async function ensureIndexed(logDir: string, dirName: string, line: string): Promise<void> {
  const {sessions} = await readSessionsIndex(logDir)
  if (!sessions.some((s) => s.line.dir_name === dirName)) await appendIndexLinesLocked(logDir, [line])
}
