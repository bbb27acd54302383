/**
 * One record of `anomalies.jsonl` (docs/formats.md §6), keys sorted in the file:
 *
 *   {"detail": {"delta": 270, "from": 600, "to": 870}, "event": "anomaly", "kind": "oom_spike",
 *    "pid": 4242, "seq": 7, "severity": "warning", "snapshot": {...}, "ts": "2026-04-13T11:05:18.5+00:00"}
 */
import * as z from './zod.js'

export const ANOMALY_KINDS = [
  'oom_spike',
  'oom_critical',
  'zombie_detected',
  'zombie_persistent',
  'd_state_sustained',
  'high_cpu_sustained',
  'signals_pending',
  'fd_high',
  'rss_growth',
  'identity_drift',
] as const
export type AnomalyKind = (typeof ANOMALY_KINDS)[number]

export const SEVERITIES = ['warning', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

/** Higher is worse; `--fail-on warning` fails on rank >= 1. */
export const SEVERITY_RANK: Record<Severity, number> = {warning: 1, critical: 2}

export const AnomalySchema = z.lazily(() => z.looseObject({
  ts: z.string(),
  seq: z.int().check(z.nonnegative()),
  event: z.literal('anomaly'),
  // Future kinds from newer tracers are kept, not rejected.
  kind: z.string().check(z.minLength(1)),
  severity: z.string().check(z.minLength(1)),
  pid: z.int(),
  detail: z.record(z.string(), z.unknown()),
  snapshot: z.record(z.string(), z.unknown()),
}))
export type Anomaly = z.infer<typeof AnomalySchema>

/** Keys whose values the original wrote as Python floats. */
export const ANOMALY_FLOAT_KEYS = new Set(['cpu_percent', 'ratio', 'growth_factor'])

export function severityRank(severity: string): number {
  return (SEVERITY_RANK as Record<string, number>)[severity] ?? 0
}
