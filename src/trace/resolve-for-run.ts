/**
 * Which resolver a `trace` run uses (docs/trace.md):
 * - `--pty`: the wrapper's descendants, by `--expect` or else the basename of CMD's first word
 *   (or of the program an exec-launcher in front of it runs: `env VAR=1 tool` is also `tool`,
 *   launch-names.ts); never the wrapper itself;
 * - `--expect` without a PTY: the spawned (or attached) process or its descendants, by that name
 *   (launchers: `npx`, `uv run`, shells — and `sh -c 'exec foo'`, where the root becomes foo);
 * - otherwise the spawned or attached process itself.
 */
import {basename} from 'node:path'
import type {Launched} from './launch.js'
import {workloadNames} from './launch-names.js'
import {shellQuote} from './shell-quote.js'
import {resolveAttachedTarget, resolveDescendantTarget, resolvePtyTarget, resolveSpawnedTarget, type TraceTarget} from './trace-target.js'

export function targetNameFor(command: readonly string[] | undefined, expect: string | undefined): string | undefined {
  if (expect !== undefined) return expect
  const first = command?.[0]
  return first === undefined ? undefined : basename(first)
}

/** Every name the workload may show: `--expect` alone when given, else CMD's launch names. */
export function targetNamesFor(command: readonly string[] | undefined, expect: string | undefined): string[] {
  if (expect !== undefined) return [expect]
  return command === undefined ? [] : workloadNames(command)
}

export function resolveTarget(
  rootPid: number,
  options: {command?: string[]; pty: boolean; expect?: string; resolveTimeoutMs: number},
  launched: Launched | undefined,
): Promise<TraceTarget> {
  if (launched === undefined) return resolveAttachedTarget(rootPid, options.expect, options.resolveTimeoutMs)
  if (options.pty) return resolvePtyTarget(rootPid, targetNamesFor(options.command, options.expect), options.resolveTimeoutMs, '/proc', options.expect === undefined ? shellQuote(options.command ?? []) : undefined)
  if (options.expect !== undefined) return resolveDescendantTarget(rootPid, options.expect, {timeoutMs: options.resolveTimeoutMs, includeRoot: true})
  return Promise.resolve(resolveSpawnedTarget(rootPid))
}
