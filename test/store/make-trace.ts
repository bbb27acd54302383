/** Builders for realistic tmpfs traces and sidecars, shared by the store and recover tests. */
import {writeFileSync} from 'node:fs'
import {serializeSnapshot} from '../../src/store/session-files.js'

export interface SnapshotOverrides {
  comm?: string
  vm_rss_kb?: number
  oom_score?: number
  state?: string
}

/** Snapshot `i` of a trace that starts at `startMs`, one per second, in the original key order. */
export function makeSnapshot(i: number, startMs = Date.UTC(2026, 3, 13, 11, 4, 43), o: SnapshotOverrides = {}): Record<string, unknown> {
  const iso = new Date(startMs + i * 1000).toISOString().replace('Z', '123+00:00')
  return {
    captured_at: iso,
    comm: o.comm ?? 'claude',
    state: o.state ?? 'sleeping',
    vm_rss_kb: o.vm_rss_kb ?? 180_000 + i * 10,
    threads: 12,
    fd_count: 41,
    fd_soft_limit: 1024,
    ctx_switches_voluntary: 100 + i,
    ctx_switches_involuntary: 7,
    sig_pnd: '0000000000000000',
    sig_blk: '0000000000000000',
    sig_cgt: '0000000180004a03',
    oom_score: o.oom_score ?? 668,
    wchan: 'do_epoll_wait',
    cpu_percent: i === 0 ? 0 : 1.5,
  }
}

export function traceText(count: number, o: SnapshotOverrides = {}): string {
  let text = ''
  for (let i = 0; i < count; i++) text += serializeSnapshot(makeSnapshot(i, undefined, o))
  return text
}

export function writeTrace(path: string, count: number, o: SnapshotOverrides = {}, tail = ''): void {
  writeFileSync(path, traceText(count, o) + tail)
}

export interface SidecarOverrides {
  schema_version?: number
  boot_id?: string | null
  starttime_ticks?: number | null
  comm?: string
  session_id?: string
}

export function writeSidecar(path: string, pid: number, o: SidecarOverrides = {}): void {
  const schema = o.schema_version ?? 2
  const sidecar: Record<string, unknown> = {
    schema_version: schema,
    pid,
    boot_id: o.boot_id === undefined ? null : o.boot_id,
    starttime_ticks: o.starttime_ticks === undefined ? 1 : o.starttime_ticks,
    session_id: o.session_id ?? '',
    enrolled_at: '2026-04-13T11:04:40.000001+00:00',
    kitchen_id: 'k1',
    order_id: 'o1',
  }
  if (schema >= 2) sidecar['comm'] = o.comm ?? 'claude'
  writeFileSync(path, JSON.stringify(sidecar))
}
