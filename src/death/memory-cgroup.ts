/**
 * The workload's memory cgroup and its counters, cgroup v1 and v2 mapped onto one shape
 * (CgroupReading). Parsers are pure; `findMemoryCgroup` and `readCgroupCounters` do the I/O.
 *
 *   /proc/PID/cgroup       4:memory:/process_api/3c59…      (v1: id:controllers:path)
 *                          0::/system.slice/job.service     (v2: the unified hierarchy)
 *   /proc/self/mountinfo   … /sys/fs/cgroup/memory rw,… - cgroup cgroup rw,memory
 *   v1: memory.oom_control ("oom_kill N"), memory.limit_in_bytes, memory.max_usage_in_bytes,
 *       memory.usage_in_bytes, memory.failcnt
 *   v2: memory.events ("oom_kill N", "oom_group_kill N", "max N"), memory.max ("max" or bytes),
 *       memory.peak, memory.current
 *
 * A counter that moves during the process's life is evidence even when the kernel log cannot be
 * read: both versions count every OOM kill of a process in the cgroup, global ones included.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {CgroupReading} from '../model/cause-of-death.js'

export interface CgroupLine {
  id: number
  controllers: string[]
  path: string
}

export interface CgroupMount {
  version: 1 | 2
  /** The mount's root inside the hierarchy (not "/" inside a cgroup namespace or a bind mount). */
  root: string
  mountPoint: string
}

export interface MemoryCgroupLocation {
  version: 1 | 2
  path: string
  dir: string
}

export function parseProcCgroup(text: string): CgroupLine[] {
  const lines: CgroupLine[] = []
  for (const line of text.split('\n')) {
    const a = line.indexOf(':')
    const b = a < 0 ? -1 : line.indexOf(':', a + 1)
    if (b < 0) continue
    lines.push({id: Number(line.slice(0, a)), controllers: line.slice(a + 1, b).split(',').filter((c) => c !== ''), path: line.slice(b + 1)})
  }
  return lines
}

/** Memory-capable cgroup mounts from /proc/self/mountinfo (proc(5)): v1 with the memory controller, and v2. */
export function parseCgroupMounts(text: string): CgroupMount[] {
  const mounts: CgroupMount[] = []
  for (const line of text.split('\n')) {
    const dash = line.indexOf(' - ')
    if (dash < 0) continue
    const fields = line.slice(0, dash).split(' ')
    const [fstype, , superOptions = ''] = line.slice(dash + 3).split(' ')
    const root = unescapeMount(fields[3] ?? '/')
    const mountPoint = unescapeMount(fields[4] ?? '')
    if (fstype === 'cgroup' && superOptions.split(',').includes('memory')) mounts.push({version: 1, root, mountPoint})
    else if (fstype === 'cgroup2') mounts.push({version: 2, root, mountPoint})
  }
  return mounts
}

/**
 * Where the process's memory cgroup is: the v1 memory hierarchy when mounted, else the v2
 * hierarchy if its root enables the memory controller (`v2HasMemory`).
 */
export function locateMemoryCgroup(lines: readonly CgroupLine[], mounts: readonly CgroupMount[], v2HasMemory: (mount: CgroupMount) => boolean): MemoryCgroupLocation | undefined {
  const v1 = lines.find((l) => l.controllers.includes('memory'))
  const v1Mount = mounts.find((m) => m.version === 1)
  if (v1 !== undefined && v1Mount !== undefined) return {version: 1, path: v1.path, dir: dirIn(v1Mount, v1.path)}
  const v2 = lines.find((l) => l.id === 0 && l.controllers.length === 0)
  const v2Mount = mounts.find((m) => m.version === 2 && v2HasMemory(m))
  if (v2 !== undefined && v2Mount !== undefined) return {version: 2, path: v2.path, dir: dirIn(v2Mount, v2.path)}
  return undefined
}

function dirIn(mount: CgroupMount, path: string): string {
  const rel = mount.root !== '/' && (path === mount.root || path.startsWith(mount.root + '/')) ? path.slice(mount.root.length) : path
  return join(mount.mountPoint, rel)
}

/** mountinfo escapes space, tab, newline and backslash as octal. */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)))
}

/** "key value" lines (memory.events, memory.oom_control, memory.stat). */
export function parseKeyValues(text: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/)
    if (key && value !== undefined && /^\d+$/.test(value)) out.set(key, Number(value))
  }
  return out
}

/**
 * A byte count; null for "no limit": v2 writes `max`, v1 a page-rounded LLONG_MAX
 * (9223372036854771712), which is far above anything real.
 */
export function parseBytes(text: string | undefined): number | null {
  const t = text?.trim()
  if (t === undefined || t === '' || t === 'max' || !/^\d+$/.test(t)) return null
  const n = BigInt(t)
  return n >= 1n << 60n ? null : Number(n)
}

export interface CgroupFiles {
  read(name: string): string | undefined
}

/** The byte counters' files: v1's memory.* names, v2's. */
const BYTE_FILES = {
  1: {limit: 'memory.limit_in_bytes', peak: 'memory.max_usage_in_bytes', usage: 'memory.usage_in_bytes'},
  2: {limit: 'memory.max', peak: 'memory.peak', usage: 'memory.current'},
} as const

/** OOM counters: v1 has oom_kill in memory.oom_control and failcnt; v2 has memory.events. */
function oomCounters(version: 1 | 2, files: CgroupFiles): Pick<CgroupReading, 'oom_kill' | 'oom_group_kill' | 'max_events'> {
  if (version === 1) {
    const oom = parseKeyValues(files.read('memory.oom_control') ?? '')
    return {oom_kill: oom.get('oom_kill') ?? null, oom_group_kill: null, max_events: parseBytes(files.read('memory.failcnt'))}
  }
  const events = parseKeyValues(files.read('memory.events') ?? '')
  return {oom_kill: events.get('oom_kill') ?? null, oom_group_kill: events.get('oom_group_kill') ?? null, max_events: events.get('max') ?? null}
}

/** Counters from the files of one cgroup dir (injected for tests). */
export function readingFrom(version: 1 | 2, files: CgroupFiles, readAt: string): CgroupReading {
  const names = BYTE_FILES[version]
  return {
    read_at: readAt,
    limit_bytes: parseBytes(files.read(names.limit)),
    peak_bytes: parseBytes(files.read(names.peak)),
    usage_bytes: parseBytes(files.read(names.usage)),
    ...oomCounters(version, files),
  }
}

/** The memory cgroup of `pid` now; undefined when none can be found (no memory controller). */
export function findMemoryCgroup(pid: number, procRoot = '/proc'): MemoryCgroupLocation | undefined {
  const cgroup = readText(join(procRoot, String(pid), 'cgroup'))
  const mountinfo = readText(join(procRoot, 'self/mountinfo'))
  if (cgroup === undefined || mountinfo === undefined) return undefined
  return locateMemoryCgroup(parseProcCgroup(cgroup), parseCgroupMounts(mountinfo), (m) =>
    (readText(join(m.mountPoint, 'cgroup.controllers')) ?? '').split(/\s+/).includes('memory'),
  )
}

/** The counters of a cgroup dir; undefined when the dir is gone (removed after the run). */
export function readCgroupCounters(location: Pick<MemoryCgroupLocation, 'version' | 'dir'>, readAt: string): CgroupReading | undefined {
  const files: CgroupFiles = {read: (name) => readText(join(location.dir, name))}
  const reading = readingFrom(location.version, files, readAt)
  return reading.oom_kill === null && reading.limit_bytes === null && reading.usage_bytes === null ? undefined : reading
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
