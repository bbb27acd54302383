/**
 * trace-doctor's private tracefs instance (Documentation/trace/ftrace.rst, "Instances"):
 * `mkdir {tracefs}/instances/NAME` gives a ring buffer and event switches of its own, so other
 * tools' tracing (and other trace-doctors) are neither disturbed nor seen. In it:
 *
 *   trace_clock                     mono: timestamps on CLOCK_MONOTONIC, the clock Node's hrtime reads
 *   buffer_size_kb                  small: a few signals, not a firehose
 *   events/signal/signal_generate/  filter `pid == W || pid == T1 …` (the TARGET: workload and threads)
 *   events/oom/mark_victim/         same filter: the OOM killer choosing the workload
 *   trace_pipe                      consuming, blocking read: the reader sleeps in the kernel until an event
 *   trace_marker                    written at stop, to wake that read
 *
 * `rmdir` removes the instance; the kernel refuses (EBUSY) while one of its files is open.
 */
import {mkdir, rmdir, writeFile} from 'node:fs/promises'
import {closeSync, openSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {errnoCode} from '../errors.js'
import {instanceName, type InstanceOwner} from './instance-name.js'

export const SIGNAL_EVENT = 'signal/signal_generate'
export const OOM_EVENT = 'oom/mark_victim'
const EVENTS = [SIGNAL_EVENT, OOM_EVENT]
const DEFAULT_ROOTS = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing']
/** Filters are limited to a page; 64 pids stay well inside it. Beyond, only the first 64 are watched. */
export const MAX_FILTER_PIDS = 64
const BUFFER_SIZE_KB = 256

export type TracefsProbe = {ok: true; root: string; hasOomEvent: boolean} | {ok: false; reason: string; fix: string}

/** Where tracefs is: `$TRACE_DOCTOR_TRACEFS` when set, else the usual mount points. */
export function tracefsRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  const configured = env['TRACE_DOCTOR_TRACEFS']
  return configured !== undefined && configured !== '' ? [configured] : DEFAULT_ROOTS
}

/** Can this process make instances and watch signals? Never throws: the answer says why not and what to do. */
export function probeTracefs(roots = tracefsRoots(), uid = process.getuid?.() ?? 0): TracefsProbe {
  if (uid !== 0) {
    return {ok: false, reason: 'not root: tracefs instances need root (CAP_SYS_ADMIN)', fix: 'run `trace-doctor trace` as root (e.g. with sudo)'}
  }
  const root = roots.find((r) => isDir(join(r, 'instances')))
  if (root === undefined) {
    return {ok: false, reason: `tracefs is not mounted (looked in ${roots.join(', ')})`, fix: `as root: mount -t tracefs nodev ${roots[0]}`}
  }
  if (!isDir(join(root, 'events', SIGNAL_EVENT))) {
    return {ok: false, reason: `this kernel has no ${SIGNAL_EVENT.replace('/', ':')} tracepoint`, fix: 'use a kernel built with CONFIG_FTRACE and CONFIG_TRACEPOINTS (every distribution kernel is)'}
  }
  return {ok: true, root, hasOomEvent: isDir(join(root, 'events', OOM_EVENT))}
}

/**
 * `(pid == 1 || pid == 2)`: the tracepoints' own `pid` field is the target (signal_generate) or
 * the victim (mark_victim). SIGCHLD (17) is left out in the kernel: a shell workload gets one per
 * finished child, nobody "sends" it, and each would wake the tracer.
 */
export function eventFilter(event: string, pids: readonly number[]): string {
  const who = `(${[...new Set(pids)].slice(0, MAX_FILTER_PIDS).map((pid) => `pid == ${pid}`).join(' || ')})`
  return event === SIGNAL_EVENT ? `${who} && sig != 17` : who
}

export class TracefsInstance {
  private constructor(
    readonly dir: string,
    readonly events: readonly string[],
  ) {}

  get pipePath(): string {
    return join(this.dir, 'trace_pipe')
  }

  /**
   * Creates and arms the instance. On failure, whatever was made is removed again and the error
   * thrown. Asynchronous: the kernel takes ≈ 85 ms here to allocate and resize the ring buffers,
   * and the sampling loop must keep its schedule meanwhile.
   */
  static async create(root: string, owner: InstanceOwner, pids: readonly number[], options: {oom: boolean}): Promise<TracefsInstance> {
    const dir = join(root, 'instances', instanceName(owner))
    await mkdir(dir)
    const instance = new TracefsInstance(dir, options.oom ? EVENTS : [SIGNAL_EVENT])
    try {
      await writeFile(join(dir, 'trace_clock'), 'mono')
      await writeFile(join(dir, 'buffer_size_kb'), String(BUFFER_SIZE_KB))
      instance.setPids(pids)
      for (const event of instance.events) await writeFile(join(dir, 'events', event, 'enable'), '1')
    } catch (error) {
      instance.remove()
      throw error
    }
    return instance
  }

  /** Replaces the pid filter of every event (the workload's threads came or went). */
  setPids(pids: readonly number[]): void {
    for (const event of this.events) write(join(this.dir, 'events', event, 'filter'), eventFilter(event, pids))
  }

  /** Writes a line into the instance's own buffer; it arrives on trace_pipe as a `tracing_mark_write` event. */
  mark(text: string): void {
    write(join(this.dir, 'trace_marker'), text)
  }

  /** Removes the instance (true), or leaves it when it is busy or already gone (false). */
  remove(): boolean {
    return removeInstanceDir(this.dir)
  }

  /**
   * remove() on a libuv pool thread: the kernel frees the ring buffers in the rmdir (≈ 30 ms
   * here), which the caller can overlap with its own work instead of waiting on it.
   */
  removeInBackground(): Promise<boolean> {
    return rmdir(this.dir).then(() => true, alreadyGone)
  }
}

/** A failed rmdir of an instance: ENOENT means already gone (false); EBUSY, an open file (a live reader), is thrown. */
function alreadyGone(error: unknown): false {
  if (errnoCode(error) === 'ENOENT') return false
  throw error
}

/** rmdir of an instance dir: true when removed, false when already gone (see alreadyGone). */
export function removeInstanceDir(dir: string): boolean {
  try {
    rmdirSync(dir)
    return true
  } catch (error) {
    return alreadyGone(error)
  }
}

/** The names under `{root}/instances`, [] when tracefs is not there. */
export function listInstances(root: string): string[] {
  try {
    return readdirSync(join(root, 'instances'))
  } catch {
    return []
  }
}

/** The whole buffer of an instance, not consumed (`trace`, unlike `trace_pipe`). */
export function readInstanceBuffer(dir: string): string {
  return readFileSync(join(dir, 'trace'), 'latin1')
}

/** The pids in an instance's signal filter (`pid == 12 || pid == 13`): whom it was watching. */
export function readFilterPids(dir: string): number[] {
  try {
    const text = readFileSync(join(dir, 'events', SIGNAL_EVENT, 'filter'), 'utf8')
    return [...text.matchAll(/pid == (\d+)/g)].map((m) => Number(m[1]))
  } catch {
    return []
  }
}

function write(path: string, text: string): void {
  const fd = openSync(path, 'w')
  try {
    writeFileSync(fd, text)
  } finally {
    closeSync(fd)
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

