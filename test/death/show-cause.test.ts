/** The cause of death where sessions are shown: index table, issue headline/section/fingerprint, HTML banner and RSS limit. */
import {describe, expect, it} from 'vitest'
import {describeCause, faultingLibrary} from '../../src/death/describe-cause.js'
import {renderCauseBanner} from '../../src/html/render-cause-banner.js'
import {renderCharts} from '../../src/html/render-charts.js'
import type {CauseOfDeath} from '../../src/model/cause-of-death.js'
import {renderCauseSection} from '../../src/report/compose-body.js'
import {renderHeadline} from '../../src/report/headline.js'
import {fingerprintOf} from '../../src/report/render-issue.js'
import {renderMetricsTable} from '../../src/report/render-diagnostics.js'
import {renderCauseLines} from '../../src/render/render-analysis-text.js'
import {AnomalyDigest} from '../../src/analyze/anomaly-digest.js'
import {renderSessionTable} from '../../src/store/list-sessions.js'

const AT = '2026-11-30T04:00:00.000000+00:00'
const oom: CauseOfDeath = {
  verdict: 'oom_killed', signal: 'SIGKILL', exit_code: null, core_dumped: false, constraint: 'cgroup', reason: null,
  evidence: [
    {source: 'exit_status', at: AT, text: 'terminated by signal SIGKILL (9)'},
    {source: 'kernel_log', at: AT, text: 'oom-kill:constraint=CONSTRAINT_MEMCG,…,task=py|<b>,pid=42,uid=0'},
    {source: 'kernel_log', at: AT, text: 'Memory cgroup out of memory: Killed process 42 (py|<b>) total-vm:1kB, anon-rss:1kB'},
  ],
}
const segv: CauseOfDeath = {
  verdict: 'crashed', signal: 'SIGSEGV', exit_code: null, core_dumped: null, constraint: null, reason: null,
  evidence: [{source: 'kernel_log', at: AT, text: 'python3[7]: segfault at 0 ip 1 sp 2 error 4 in libc.so.6[1+2] likely on CPU 0'}],
}
const noDigest = new AnomalyDigest().finish()
const summary = (cause?: CauseOfDeath) => ({session_id: 's', tracked_comm: 'python3', subtype: 'failed', success: false, termination_reason: 'SIGNALED', exit_code: 137, ...(cause ? {cause_of_death: cause} : {})})

describe('describeCause', () => {
  it('names each verdict, with the constraint, signal and faulting library', () => {
    expect(describeCause(oom)).toBe('OOM-killed (cgroup memory limit, SIGKILL)')
    expect(describeCause(segv)).toBe('crashed: SIGSEGV in libc.so.6')
    expect(faultingLibrary(segv)).toBe('libc.so.6')
    expect(describeCause({...oom, verdict: 'exited', exit_code: 3, signal: null})).toBe('exited with code 3')
  })
})

describe('sessions table', () => {
  it('adds a CAUSE column only when a listed session has a cause', () => {
    const old = [{dir_name: 'a', timestamp: AT, subtype: 'completed', exit_code: 0}]
    expect(renderSessionTable(old).split('\n')[0]).not.toContain('CAUSE')
    const table = renderSessionTable([...old, {dir_name: 'b', timestamp: AT, subtype: 'failed', exit_code: 137, cause_of_death: 'oom_killed' as const}])
    expect(table.split('\n')[0]).toMatch(/EXIT\s+CAUSE\s+SNAPS/)
    expect(table).toMatch(/137\s+oom_killed/)
  })
})

describe('issue', () => {
  it('the headline names the cause; without a cause it is as before', () => {
    expect(renderHeadline(summary(oom), noDigest)).toBe('`python3` OOM-killed (cgroup memory limit, SIGKILL)')
    expect(renderHeadline(summary(), noDigest)).toBe('`python3` was killed by a signal (exit code 137)')
  })

  it('the fingerprint separates an OOM kill from a segfault and is unchanged for sessions without a cause', () => {
    const a = fingerprintOf({summary: summary(oom), anomalies: noDigest})
    const b = fingerprintOf({summary: summary(segv), anomalies: noDigest})
    expect(a).not.toBe(b)
    // td-fp-v1 of {kinds: [], tracked_comm: python3, expected_comm: null, subtype: failed}, as computed before cause_of_death existed
    expect(fingerprintOf({summary: summary(), anomalies: noDigest})).toBe(fingerprintOf({summary: {...summary(), cause_of_death: 'garbage'}, anomalies: noDigest}))
  })

  it('the section quotes the kernel line in a fence and escapes evidence in the table', () => {
    const section = renderCauseSection(oom).join('\n')
    expect(section).toContain('```text\nMemory cgroup out of memory: Killed process 42 (py|<b>)')
    expect(section).toContain('`Memory cgroup out of memory: Killed process 42 (py\\|<b>) total-vm:1kB, anon-rss:1kB`')
    expect(renderMetricsTable(summary(oom))).toContain('| Cause of Death | `oom_killed` — OOM-killed (cgroup memory limit, SIGKILL) |')
    expect(renderMetricsTable(summary()).join('\n')).not.toContain('Cause of Death')
  })
})

describe('terminal and HTML', () => {
  it('analyze text: the death line, the kernel line, control characters made visible', () => {
    const lines = renderCauseLines({...oom, evidence: [{source: 'kernel_log', at: AT, text: 'Killed process 1 (a\u001b[2Jb)'}]})
    expect(lines[0]).toBe('Death      OOM-killed (cgroup memory limit, SIGKILL)')
    expect(lines[1]).toBe('           kernel: Killed process 1 (a\\x1b[2Jb)')
  })

  it('the banner escapes the kernel line and is empty for a clean exit or no cause', () => {
    const html = renderCauseBanner(oom)
    expect(html).toContain('id="cause-banner"')
    expect(html).toContain('(py|&lt;b&gt;)')
    expect(html).not.toContain('<b>')
    expect(renderCauseBanner(undefined)).toBe('')
    expect(renderCauseBanner({...oom, verdict: 'exited', exit_code: 0, signal: null})).toBe('')
  })

  it('draws the cgroup limit on the RSS chart when RSS comes within reach of it', () => {
    const series = {
      width: 1, hasTime: false, seq0: [0, 1], seq1: [0, 1], t0: [0, 1], t1: [0, 1],
      min: [[50_000, 58_000], [0, 0], [1, 1], [3, 3], [1024, 1024], [0, 0]],
      max: [[50_000, 58_000], [0, 0], [1, 1], [3, 3], [1024, 1024], [0, 0]],
      labels: [], commChanged: [],
    }
    const html = renderCharts(series as never, [], undefined, {memoryLimitKb: 61_440}).html
    expect(html).toContain('cgroup limit 60 MiB')
    expect(renderCharts(series as never, [], undefined, {memoryLimitKb: 10_000_000}).html).toContain('is off scale')
    expect(renderCharts(series as never, []).html).not.toContain('cgroup limit')
  })
})
