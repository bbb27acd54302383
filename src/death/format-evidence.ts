/**
 * One-line evidence texts, `{source, at, text}`, for each kind of evidence. Kernel records are
 * quoted as logged: the line itself is the evidence a reader can search for in their own logs.
 */
import type {Evidence} from '../model/cause-of-death.js'
import type {DeathEvidence, MatchedKernelEvent, ReceivedSignal} from './death-evidence.js'
import {signalFromNumber, signalToNumber} from './signals.js'

/** 61440 → "60.0 MiB" (render/units' formatKb, which this layer sits below). */
export function formatKb(kb: number): string {
  if (kb < 1024) return `${kb} KiB`
  if (kb < 1024 * 1024) return `${(kb / 1024).toFixed(1)} MiB`
  return `${(kb / 1024 / 1024).toFixed(2)} GiB`
}

const mib = (bytes: number): string => formatKb(Math.round(bytes / 1024))

export function formatEvidence(e: DeathEvidence) {
  return {
    exitStatus(): Evidence | undefined {
      const x = e.exit
      if (x === undefined) return undefined
      const core = x.coreDumped === true ? ' (core dumped)' : ''
      if (x.via === 'pty_wrapper') {
        const n = x.code !== null && x.code > 128 ? signalFromNumber(x.code - 128) : undefined
        const text =
          n === undefined
            ? `the PTY wrapper (script -e) exited ${x.code ?? '?'}: the workload's exit code as it passed it on`
            : `the PTY wrapper (script -e) exited ${x.code} = 128 + ${x.code! - 128} (${n}): behind it a death by ${n} and exit(${x.code}) look the same, and the core-dump bit is lost`
        return {source: 'exit_status', at: x.at, text}
      }
      const how = x.via === 'zombie_stat' ? 'wait status read from /proc/PID/stat of the unreaped zombie: ' : ''
      if (x.signal !== null) return {source: 'exit_status', at: x.at, text: `${how}terminated by signal ${x.signal} (${signalToNumber(x.signal) ?? '?'})${core}`}
      return {source: 'exit_status', at: x.at, text: `${how}exited with code ${x.code ?? '?'}`}
    },

    kernelEvent(m: MatchedKernelEvent): Evidence[] {
      const out: Evidence[] = []
      if (m.event.kind === 'oom_kill' && m.event.contextText !== undefined) out.push({source: 'kernel_log', at: m.at, text: m.event.contextText})
      out.push({source: 'kernel_log', at: m.at, text: m.event.text})
      return out
    },

    otherOomKills(others: readonly MatchedKernelEvent[]): Evidence | undefined {
      if (others.length === 0) return undefined
      const names = others.slice(0, 3).map((m) => `pid ${m.event.pid} (${m.event.comm})`)
      const more = others.length > 3 ? ` and ${others.length - 3} more` : ''
      return {source: 'kernel_log', at: others[0]!.at, text: `the OOM killer killed other processes during its life: ${names.join(', ')}${more}; none of them is this one (pid ${e.pid})`}
    },

    cgroup(oomDelta: number | undefined): Evidence | undefined {
      const c = e.cgroup
      if (c === undefined) return undefined
      const end = c.end ?? c.start
      const parts = [`memory cgroup v${c.version} ${c.path}`]
      if (oomDelta !== undefined) parts.push(`oom_kill ${c.start?.oom_kill} → ${c.end?.oom_kill} during its life`)
      if (end?.limit_bytes != null) parts.push(`limit ${mib(end.limit_bytes)}`)
      else if (end !== null) parts.push('no limit')
      if (end?.peak_bytes != null) parts.push(`peak ${mib(end.peak_bytes)}`)
      return {source: 'cgroup', at: end?.read_at ?? null, text: parts.join('; ')}
    },

    coredump(): Evidence | undefined {
      return e.coredump === undefined ? undefined : {source: 'coredump', at: e.coredump.at, text: e.coredump.text}
    },

    rows(): Evidence | undefined {
      const r = e.lastRow
      if (r === undefined) return undefined
      const parts = [`last snapshot: state ${r.state ?? '?'}`]
      if (r.vmRssKb !== null) {
        const limit = (e.cgroup?.end ?? e.cgroup?.start)?.limit_bytes
        const share = limit != null && limit > 0 ? ` (${Math.round((r.vmRssKb * 1024 * 100) / limit)}% of the cgroup limit)` : ''
        parts.push(`RSS ${formatKb(r.vmRssKb)}${share}`)
      }
      if (r.fdCount !== null && r.fdSoftLimit !== null && r.fdSoftLimit > 0) {
        parts.push(`${r.fdCount} of ${r.fdSoftLimit} fds${r.fdCount >= r.fdSoftLimit ? ' (at the limit: EMFILE)' : ''}`)
      }
      return {source: 'rows', at: r.at, text: parts.join(', ')}
    },

    supervisor(): Evidence | undefined {
      return e.supervisor === undefined ? undefined : {source: 'supervisor', at: e.supervisor.at, text: e.supervisor.text}
    },

    /** `SIGKILL from timeout (pid 4411)`, as analyze/signal-sender.ts names a sender. */
    received(s: ReceivedSignal): Evidence {
      if (s.origin === 'oom_killer') return {source: 'tracefs', at: s.at, text: `SIGKILL from the OOM killer (oom:mark_victim chose pid ${e.pid})`}
      if (s.origin === 'kernel') return {source: 'tracefs', at: s.at, text: `${s.signal} from the kernel`}
      const who = s.sender_pid === null ? 'an unknown sender' : s.sender_comm ? `${s.sender_comm} (pid ${s.sender_pid})` : `pid ${s.sender_pid}`
      return {source: 'tracefs', at: s.at, text: `${s.signal} from ${who}`}
    },
  }
}
