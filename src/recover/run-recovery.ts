/**
 * The recovery driver (docs/formats.md §7): for every leftover trace in the tmpfs dir, gather facts, let
 * the gates decide (decide.ts), then carry the verdict out and report it.
 *
 * Exactly once, even with concurrent runs and SIGKILL at any point:
 * - a trace is claimed by renaming it to `….recovering-{pid}-{ticks}` before anything is done
 *   to it; a run that loses the rename race reports `claimed` and leaves it;
 * - a claim whose claimer is dead is taken over by rename and handled again from the gates;
 *   finalization is idempotent (an identical session dir is found, not written twice);
 * - tmpfs files are removed only after the session is in place, indexed and durable: trace claim
 *   first, then sidecar claim, so a sidecar claim alone means "already done" and is removed.
 *
 * Durability is paid once per batch of up to RECOVER_BATCH traces, not per session: the batch's
 * sessions are written into temp dirs unsynced, made durable together (one syncfs), placed and
 * indexed under one hold of the index lock (one dir fsync, one index fsync), and only then are
 * their tmpfs files removed. A run killed mid-batch leaves claims whose claimer is dead: the next
 * run takes them over and finds any session already placed (identical summary), so nothing is
 * lost and nothing is finalized twice.
 */
import {closeSync, linkSync, readdirSync, renameSync, rmSync, unlinkSync} from 'node:fs'
import {unlink} from 'node:fs/promises'
import {join} from 'node:path'
import {describeErrno, errnoCode, InputNotFoundError, InputUnreadableError} from '../errors.js'
import {readNdjson} from '../io/ndjson-reader.js'
import {syncTree} from '../store/durable-write.js'
import {placeSessions, type PreparedSession} from '../store/finalize-session.js'
import {applyRetentionLocked, DEFAULT_KEEP} from '../store/retention.js'
import {assertWritableLogDir} from '../store/log-dir.js'
import {withIndexLock} from '../store/session-index.js'
import {decide} from './decide.js'
import {readKernelLog} from '../death/read-kernel-log.js'
import type {KernelLog} from '../death/kernel-record.js'
import {DEFAULT_MIN_AGE_SECONDS, DEFAULT_PREFIXES} from './defaults.js'
import {prepareCrashed} from './finalize-crashed.js'
import {gatherFacts, type RunContext, type TraceLocation} from './gather-facts.js'
import {moveFileNoClobber} from './move-file.js'
import {readLockTable} from '../procfs/proc-locks.js'
import {plannedWorkers, recoverInWorkers} from './recover-pool.js'
import {isRunning, readBootId, readProcess} from '../procfs/pid-liveness.js'
import {totalsOf, type RecoverReport, type RecoverRow} from './recover-report.js'
import {lstatFacts, openOwnedRegular} from './safe-open.js'
import {crashedSessionSignals, reapDeadInstances} from './signal-leftovers.js'
import {claimSuffix, parseClaim, type Claimer} from '../store/tmpfs-layout.js'
import {scanNames, type TraceEntry} from './scan-tmpfs.js'

export {DEFAULT_MIN_AGE_SECONDS, DEFAULT_PREFIXES}

/** Traces per durability batch (see above): large enough that one syncfs is cheap per session. */
export const RECOVER_BATCH = 64

export interface RecoverOptions {
  tmpfsDir: string
  logDir: string
  quarantineDir: string
  prefixes?: readonly string[]
  minAgeSeconds?: number
  dryRun?: boolean
  /** Remove rejected (stale-boot, alien) files instead of quarantining them. */
  delete?: boolean
  keep?: number
  /** Worker threads for finalizing (default 1: this thread); see recover-pool.ts. */
  jobs?: number
  onProgress?: (done: number, total: number) => void
}

export async function runRecovery(o: RecoverOptions): Promise<RecoverReport> {
  const me = selfClaimer()
  const nowMs = Date.now()
  // Dead tracers' tracefs instances first: their buffered signals go into the signals files the traces below carry along.
  const instances = await reapDeadInstances(o.tmpfsDir, {dryRun: Boolean(o.dryRun)})
  const scan = scanNames(listDir(o.tmpfsDir), o.prefixes ?? DEFAULT_PREFIXES)
  const total = scan.traces.length
  // Before the first claim: an unwritable log dir must not leave claimed `.recovering-*` files.
  if (!o.dryRun && total > 0) assertWritableLogDir(o.logDir)
  const ctx: RunContext = {
    tmpfsDir: o.tmpfsDir,
    uid: process.getuid?.() ?? 0,
    nowMs,
    minAgeSeconds: o.minAgeSeconds ?? DEFAULT_MIN_AGE_SECONDS,
    currentBootId: readBootId(),
    // The first read of /proc/locks in a process costs ~10 ms in the kernel here: skipped when
    // there is nothing to judge (a boot with no leftovers).
    locks: total > 0 ? readLockTable() : new Map(),
    // Once per run, not per trace: every finalized session's cause of death is matched against it.
    ...(!o.dryRun && total > 0 ? {kernelLog: readKernelLog()} : {}),
  }
  let done = 0
  const progress = () => o.onProgress?.(++done, total)
  // A dry run reads every trace too (to count lines), so it gains from threads as well.
  const workers = plannedWorkers(o.jobs ?? 1, total)
  let rows: RecoverRow[]
  if (workers > 1) {
    const {onProgress: _progress, ...options} = o
    rows = await recoverInWorkers(batchesOf(scan.traces, Math.min(RECOVER_BATCH, Math.ceil(total / workers))), {ctx, me, options}, workers, progress)
  } else {
    rows = []
    for (const batch of batchesOf(scan.traces, RECOVER_BATCH)) {
      for (const row of await handleBatch(batch, ctx, me, o)) {
        rows.push(row)
        progress()
      }
    }
  }
  const finalized = rows.filter((row) => row.action === 'finalized' || row.action === 'already-finalized').length
  if (!o.dryRun) {
    for (const orphan of scan.orphanSidecarClaims) {
      if (!isClaimerAlive(orphan.claim)) await unlink(join(o.tmpfsDir, orphan.name)).catch(() => undefined)
    }
  }
  let pruned = 0
  if (!o.dryRun && finalized > 0) {
    pruned = (await withIndexLock(o.logDir, () => applyRetentionLocked(o.logDir, o.keep ?? DEFAULT_KEEP))).removed.length
  }
  return {tmpfs_dir: o.tmpfsDir, log_dir: o.logDir, quarantine_dir: o.quarantineDir, dry_run: Boolean(o.dryRun), rows, totals: totalsOf(rows, pruned), tracefs_instances: instances}
}

/** A recovered trace whose session waits in its temp dir for the batch to be made durable. */
interface Pending {
  row: RecoverRow
  prepared: PreparedSession
  /** The tmpfs claims to remove once the session is durable. */
  sources: string[]
  /** [claimed name, original name] of the trace and sidecar: given back if the batch fails. */
  claims: Array<[string, string]>
}

export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = []
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size))
  return batches
}

/**
 * Gates and carries out a batch of traces, then commits the recovered ones together; the unit
 * of work of a recovery worker thread too. Rows come back in the order of `entries`.
 */
export async function handleBatch(entries: readonly TraceEntry[], ctx: RunContext, me: Claimer, o: RecoverOptions): Promise<RecoverRow[]> {
  const results: Array<RecoverRow | Pending> = []
  const pendingOf = () => results.filter((r): r is Pending => 'prepared' in r)
  let committed
  try {
    for (const entry of entries) results.push(await handleTrace(entry, ctx, me, o))
    committed = await commitBatch(pendingOf(), o)
  } catch (error) {
    // Nothing of this batch is in the index: give its claims back (a later run starts afresh).
    for (const p of pendingOf()) {
      giveBack(o.tmpfsDir, p.claims)
      rmSync(p.prepared.tmp, {recursive: true, force: true})
    }
    throw error
  }
  return results.map((r) => ('prepared' in r ? committed.get(r)! : r))
}

/** Durable, placed and indexed, then the tmpfs files go: in that order (see the top). */
async function commitBatch(pending: readonly Pending[], o: RecoverOptions): Promise<Map<Pending, RecoverRow>> {
  const rows = new Map<Pending, RecoverRow>()
  if (pending.length === 0) return rows
  syncTree(pending.map((p) => p.prepared.tmp))
  const placed = await placeSessions(o.logDir, pending.map((p) => p.prepared), {skipRetention: true})
  pending.forEach((p, i) => {
    for (const source of p.sources) rmSync(source, {force: true})
    const done = placed[i]!
    rows.set(p, {...p.row, action: done.alreadyFinalized ? 'already-finalized' : 'finalized', session_dir: done.dir, snapshot_count: done.summary.snapshot_count})
  })
  return rows
}

/** Gates and carries out one trace; a recovered one comes back pending its batch's commit. */
async function handleTrace(entry: TraceEntry, ctx: RunContext, me: Claimer, o: RecoverOptions): Promise<RecoverRow | Pending> {
  const row: RecoverRow = {
    file: entry.originalName, prefix: entry.prefix, pid: null, verdict: 'claimed', gate: 'claim', reason: '', action: 'none',
    session_dir: null, snapshot_count: null, skipped_lines: null, torn_tail: null, moved_to: [],
  }
  let loc: TraceLocation = {name: entry.name, originalName: entry.originalName, prefix: entry.prefix, pidText: entry.pidText, sidecarName: entry.sidecarName}
  let resumed = ''
  if (entry.claim) {
    if (isClaimerAlive(entry.claim)) return {...row, reason: `being recovered by recover pid ${entry.claim.pid}`}
    resumed = `resumed from a recover run (pid ${entry.claim.pid}) that died; `
    if (!o.dryRun) {
      const mine = entry.originalName + claimSuffix(me)
      if (!(await claim(join(o.tmpfsDir, entry.name), join(o.tmpfsDir, mine)))) return {...row, reason: 'taken over by another recover run'}
      await claim(join(o.tmpfsDir, entry.sidecarName + claimSuffix(entry.claim)), join(o.tmpfsDir, entry.sidecarName + claimSuffix(me)))
      loc = {...loc, name: mine}
    }
    const claimedSidecar = entry.sidecarName + claimSuffix(o.dryRun ? entry.claim : me)
    if (lstatFacts(join(o.tmpfsDir, claimedSidecar)).kind !== 'missing') loc = {...loc, sidecarName: claimedSidecar}
  }
  const facts = gatherFacts(loc, ctx)
  const decision = decide(facts)
  // Another run renamed the trace or its sidecar between our scan and our look (a vanished file,
  // a missing sidecar): that is a lost race, not a refusal, and it is said as such.
  if (decision.verdict !== 'recovered' && lstatFacts(join(o.tmpfsDir, loc.name)).kind === 'missing') {
    return {...row, pid: facts.pid ?? null, reason: claimedElsewhere(o.tmpfsDir, loc.originalName)}
  }
  const end = facts.enrollment.ok ? facts.enrollment.enrollment.tracer_end : undefined
  const reason = decision.verdict === 'recovered' && end !== undefined
    ? `its tracer recorded the end (${end.subtype}, exit ${end.exit_code ?? 'unknown'}) but could not finalize it`
    : decision.reason
  Object.assign(row, {pid: facts.pid ?? null, verdict: decision.verdict, gate: decision.gate, reason: resumed + reason})
  if (decision.verdict === 'recovered') return recoverOne(row, facts, loc, me, o, ctx.kernelLog)
  if (decision.verdict === 'stale-boot' || decision.verdict === 'alien') return rejectOne(row, loc, me, o)
  return row
}

async function recoverOne(row: RecoverRow, facts: ReturnType<typeof gatherFacts>, loc: TraceLocation, me: Claimer, o: RecoverOptions, kernelLog?: KernelLog): Promise<RecoverRow | Pending> {
  if (o.dryRun) {
    const fd = openOwnedRegular(join(o.tmpfsDir, loc.name), facts.uid)
    if (fd === undefined) return {...row, verdict: 'refused', gate: 'safety', reason: 'trace changed while being examined'}
    try {
      const stats = await readNdjson(`/proc/self/fd/${fd}`, () => undefined)
      return {...row, action: 'would-finalize', snapshot_count: stats.records, skipped_lines: stats.skippedCount, torn_tail: stats.tornTail}
    } finally {
      closeSync(fd)
    }
  }
  const traceClaim = await ensureClaimed(loc.name, loc.originalName, me, o.tmpfsDir)
  if (traceClaim === undefined) return {...row, verdict: 'claimed', gate: 'claim', reason: 'claimed by another recover run meanwhile'}
  const sidecarOriginal = parseClaim(loc.sidecarName).original
  const sidecarClaim = await ensureClaimed(loc.sidecarName, sidecarOriginal, me, o.tmpfsDir)
  const signals = await crashedSessionSignals(o.tmpfsDir, loc.prefix, facts.pid!)
  const claims: Array<[string, string]> = [[traceClaim, loc.originalName], ...(sidecarClaim === undefined ? [] : [[sidecarClaim, sidecarOriginal] as [string, string]])]
  let prepared
  try {
    prepared = await prepareCrashed({facts, tracePath: join(o.tmpfsDir, traceClaim), originalName: loc.originalName, logDir: o.logDir, signals: signals?.signals, kernelLog})
  } catch (error) {
    giveBack(o.tmpfsDir, claims)
    throw error
  }
  if (prepared === undefined) return {...row, verdict: 'refused', gate: 'safety', reason: 'trace changed while being examined'}
  const stats = prepared.input
  // The signals file goes with the trace, once the session that carries it is durable.
  const sources = [join(o.tmpfsDir, traceClaim), ...(sidecarClaim === undefined ? [] : [join(o.tmpfsDir, sidecarClaim)]), ...(signals === undefined ? [] : [signals.path])]
  return {row: {...row, skipped_lines: stats?.skippedCount ?? 0, torn_tail: stats?.tornTail ?? false}, prepared, sources, claims}
}

async function rejectOne(row: RecoverRow, loc: TraceLocation, me: Claimer, o: RecoverOptions): Promise<RecoverRow> {
  const verb = o.delete ? 'delete' : 'quarantine'
  if (o.dryRun) return {...row, action: `would-${verb}`}
  const traceClaim = await ensureClaimed(loc.name, loc.originalName, me, o.tmpfsDir)
  if (traceClaim === undefined) return {...row, verdict: 'claimed', gate: 'claim', reason: 'claimed by another recover run meanwhile'}
  const sidecarOriginal = parseClaim(loc.sidecarName).original
  // Sidecar first: a trace claim left by a crash here still has its sidecar to be judged by.
  const files: Array<[string, string]> = [[loc.sidecarName, sidecarOriginal], [traceClaim, loc.originalName]]
  const moved: string[] = []
  for (const [current, original] of files) {
    const src = join(o.tmpfsDir, current)
    if (o.delete) await unlink(src).catch((e: unknown) => (errnoCode(e) === 'ENOENT' ? undefined : Promise.reject(e)))
    else moved.push(await moveFileNoClobber(src, o.quarantineDir, original))
  }
  return {...row, action: o.delete ? 'deleted' : 'quarantined', moved_to: moved}
}

/** Claims `name` (unless it already is our claim); returns the claim's name, or undefined if lost. */
async function ensureClaimed(name: string, original: string, me: Claimer, dir: string): Promise<string | undefined> {
  const mine = original + claimSuffix(me)
  if (name === mine) return mine
  return (await claim(join(dir, name), join(dir, mine))) ? mine : undefined
}

async function claim(from: string, to: string): Promise<boolean> {
  try {
    renameSync(from, to) // sync: one syscall, done per trace; see store/durable-write.ts
    return true
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false
    throw error
  }
}

/** "claimed by another recover run (pid 4242)", from the claim's name when it is still there. */
function claimedElsewhere(dir: string, originalName: string): string {
  let names: string[] = []
  try {
    names = readdirSync(dir)
  } catch {
    // the reason is all that depends on it
  }
  const claim = names.map((n) => (n.startsWith(originalName) ? /\.recovering-(\d+)-\d+$/.exec(n.slice(originalName.length)) : null)).find((m) => m !== null)
  return claim ? `claimed by another recover run (pid ${claim[1]})` : 'claimed by another run: gone since the scan (finalized by another recover run, or its tracer ended)'
}

/** Back to the original names, never over a file that took one meanwhile (link fails with EEXIST). */
function giveBack(dir: string, claims: ReadonlyArray<[string, string]>): void {
  for (const [claimed, original] of claims) {
    try {
      linkSync(join(dir, claimed), join(dir, original))
      unlinkSync(join(dir, claimed))
    } catch {
      // EEXIST or gone: the claim stays, and a later run takes it over once this run is dead
    }
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') throw new InputNotFoundError(dir, 'tmpfs dir', error)
    throw new InputUnreadableError(dir, describeErrno(error), error)
  }
}

function selfClaimer(): Claimer {
  const p = readProcess(process.pid)
  return {pid: process.pid, ticks: p.exists ? (p.startTicks ?? 0) : 0}
}

export function isClaimerAlive(c: Claimer): boolean {
  const p = readProcess(c.pid)
  return isRunning(p) && p.startTicks === c.ticks
}
