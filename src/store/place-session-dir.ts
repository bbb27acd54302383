/**
 * Moves a completely written temp session dir into `sessions/{dir_name}`, inside the index lock,
 * and says which index line the caller must append before releasing it, so that "dir in place"
 * and "index line present" change together for every other lock holder. (The caller appends the
 * lines of a whole batch in one write.)
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
import {ASSESSMENT_KEYS} from '../model/cause-of-death.js'
import {writeNewFileSync} from './durable-write.js'
import {serializeIndexLine, serializeSummary} from './session-files.js'
import {readSessionsIndex} from './session-index.js'

export interface PlacedDir {
  dirName: string
  /** True when an identical session was already in place (nothing new was written). */
  alreadyFinalized: boolean
  summary: Record<string, unknown>
  /** The index line to append (with its newline); undefined when the index already has it. */
  indexLine: string | undefined
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
    if (existing !== undefined && sameSession(existing, text, named)) {
      rmSync(tmpDir, {recursive: true, force: true})
      const indexed = await isIndexed(logDir, dirName)
      return {dirName, alreadyFinalized: true, summary: named, indexLine: indexed ? undefined : serializeIndexLine(named, labels)}
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
    return {dirName, alreadyFinalized: false, summary: named, indexLine: serializeIndexLine(named, labels)}
  }
  throw new StoreError(`${join(root, base)}: ${MAX_SUFFIX} sessions already use this name`)
}

/**
 * The same session: identical summary text, or identical but for the cause-of-death assessment,
 * which reads the kernel log and cgroup counters *now* (times, counters) and so differs between
 * a finalization and its re-run.
 */
function sameSession(existing: string, text: string, summary: Record<string, unknown>): boolean {
  if (existing === text) return true
  if (!ASSESSMENT_KEYS.some((k) => k in summary)) return false
  let parsed: unknown
  try {
    parsed = JSON.parse(existing)
  } catch {
    return false
  }
  if (typeof parsed !== 'object' || parsed === null) return false
  const strip = (o: Record<string, unknown>) => serializeSummary(Object.fromEntries(Object.entries(o).filter(([k]) => !ASSESSMENT_KEYS.includes(k))))
  return strip(parsed as Record<string, unknown>) === strip(summary)
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return undefined
    throw error
  }
}

async function isIndexed(logDir: string, dirName: string): Promise<boolean> {
  const {sessions} = await readSessionsIndex(logDir)
  return sessions.some((s) => s.line.dir_name === dirName)
}
