import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {EnrollmentV2Schema} from '../../src/model/enrollment.js'
import {readNdjson} from '../../src/io/ndjson-reader.js'
import {readSystemInfo} from '../../src/procfs/system-info.js'
import {ProcSampler} from '../../src/trace/sampler.js'
import {SnapshotSink} from '../../src/trace/snapshot-sink.js'
import {enrollmentPathFor, tracePathFor} from '../../src/store/tmpfs-layout.js'
import {describeTmpfsFailure, TmpfsTrace} from '../../src/trace/tmpfs-trace.js'
import {resolveSpawnedTarget} from '../../src/trace/trace-target.js'
import {tempDir} from '../helpers/temp-dir.js'
import {hasFlock} from './proc-locks.js'

async function sleeper() {
  const child = spawn('sleep', ['10'], {stdio: 'ignore'})
  await once(child, 'spawn')
  return {child, target: resolveSpawnedTarget(child.pid!)}
}

const labels = {sessionId: 's-1', bootId: 'boot-x', enrolledAt: '2026-04-13T11:04:40.000001+00:00'}

describe('TmpfsTrace', () => {
  it('writes the schema-2 sidecar, holds a flock, appends whole lines, and removes both files', async () => {
    const dir = tempDir()
    const {child, target} = await sleeper()
    try {
      const trace = await TmpfsTrace.create(dir, target, labels)
      expect(trace.tracePath).toBe(`${dir}/trace-doctor_trace_${target.pid}.jsonl`)
      expect(trace.lock).toEqual({locked: true})
      expect(hasFlock(trace.tracePath)).toBe(true)
      const sidecarText = readFileSync(enrollmentPathFor(dir, target.pid), 'utf8')
      expect(sidecarText.startsWith(`{"schema_version": 2, "pid": ${target.pid}, "boot_id": "boot-x", "starttime_ticks": ${target.starttimeTicks}, "session_id": "s-1", `)).toBe(true)
      expect(EnrollmentV2Schema.parse(JSON.parse(sidecarText))).toMatchObject({comm: 'sleep', kitchen_id: '', order_id: ''})

      const sampler = new ProcSampler(target, readSystemInfo())
      for (let i = 0; i < 3; i++) trace.append(sampler.sample()!)
      sampler.close()
      const text = readFileSync(trace.tracePath, 'utf8')
      expect(text.split('\n')).toHaveLength(4)
      expect(text).toMatch(/^\{"captured_at": "[^"]+\+00:00", "comm": "sleep", "state": "sleeping", "vm_rss_kb": \d+, /)
      expect(text).toContain('"cpu_percent": 0.0, "rss_anon_kb": ')

      trace.close()
      expect(hasFlock(trace.tracePath)).toBe(false) // the lock lives exactly as long as our fd
      await trace.remove()
      expect(existsSync(trace.tracePath)).toBe(false)
      expect(existsSync(enrollmentPathFor(dir, target.pid))).toBe(false)
    } finally {
      child.kill('SIGKILL')
    }
  })

  it('never appends to a trace left behind for the same pid', async () => {
    const dir = tempDir()
    const {child, target} = await sleeper()
    try {
      writeFileSync(tracePathFor(dir, target.pid), '{"captured_at": "old"}\n')
      const error = await TmpfsTrace.create(dir, target, labels).catch((e: unknown) => e)
      expect(describeTmpfsFailure(dir, target.pid, error)).toMatch(/already exists .* left for `trace-doctor recover`/)
      expect(readFileSync(tracePathFor(dir, target.pid), 'utf8')).toBe('{"captured_at": "old"}\n')
    } finally {
      child.kill('SIGKILL')
    }
  })

  it('fails (for the caller to trace in memory) when the dir is unusable', async () => {
    const {child, target} = await sleeper()
    try {
      const error = await TmpfsTrace.create('/nonexistent-dir', target, labels).catch((e: unknown) => e)
      expect(describeTmpfsFailure('/nonexistent-dir', target.pid, error)).toMatch(/^cannot use \/nonexistent-dir: ENOENT/)
    } finally {
      child.kill('SIGKILL')
    }
  })
})

describe('SnapshotSink', () => {
  it('keeps snapshots in memory without tmpfs, and joins file and memory after a tmpfs failure', async () => {
    const memoryOnly = new SnapshotSink(undefined, () => undefined)
    memoryOnly.push({captured_at: 'a'} as never)
    expect(await memoryOnly.source()).toEqual({snapshots: [{captured_at: 'a'}]})

    const dir = tempDir()
    const {child, target} = await sleeper()
    try {
      const warnings: string[] = []
      const trace = await TmpfsTrace.create(dir, target, labels)
      const sink = new SnapshotSink(trace, (w) => warnings.push(w))
      sink.push({captured_at: '1'} as never)
      expect(await sink.source()).toEqual({tracePath: trace.tracePath})
      trace.close() // as after ENOSPC: the next append fails
      sink.push({captured_at: '2'} as never)
      sink.push({captured_at: '3'} as never)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/tracing in memory from now on/)
      const source = await sink.source()
      expect(source).toEqual({snapshots: [{captured_at: '1'}, {captured_at: '2'}, {captured_at: '3'}]})
      const stats = await readNdjson(trace.tracePath, () => undefined)
      expect(stats.records).toBe(1)
      await trace.remove()
    } finally {
      child.kill('SIGKILL')
    }
  })
})
