/** The last snapshot as cause-of-death evidence (RSS against the cgroup limit, fds, state). Pure. */
import {commOf, countField, intField, stringField, timestampOf, type Row} from '../model/snapshot-fields.js'
import type {AssessedDeath} from './assess-death.js'
import type {LastRow} from './death-evidence.js'

export function lastRowOf(row: Row | undefined): LastRow | undefined {
  if (row === undefined) return undefined
  return {
    at: timestampOf(row) ?? null,
    state: stringField(row, 'state') ?? null,
    vmRssKb: countField(row, 'vm_rss_kb') ?? null,
    fdCount: countField(row, 'fd_count') ?? null,
    fdSoftLimit: intField(row, 'fd_soft_limit') ?? null,
  }
}

export function lastCommOf(row: Row | undefined): string | undefined {
  return row === undefined ? undefined : commOf(row)
}

/** The summary.json fields of an assessed death (keys are sorted when written). */
export function deathSummaryFields(assessed: AssessedDeath): Record<string, unknown> {
  return {cause_of_death: assessed.cause, ...(assessed.memoryCgroup === undefined ? {} : {memory_cgroup: assessed.memoryCgroup})}
}
