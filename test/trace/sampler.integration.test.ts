import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {describe, expect, it} from 'vitest'
import {SnapshotSchema, SNAPSHOT_KEYS} from '../../src/model/snapshot.js'
import {readSystemInfo} from '../../src/procfs/system-info.js'
import {ProcSampler} from '../../src/trace/sampler.js'
import {resolveAttachedTarget, resolveSpawnedTarget} from '../../src/trace/trace-target.js'
import {FIXTURE_PROC} from '../procfs/fixture-root.js'

const system = {ticksPerSecond: 100, pageSize: 4096, bootId: 'b'}

describe('ProcSampler on fixtures', () => {
  it('builds every docs/formats.md §4 field, in order, plus rss_anon_kb', async () => {
    const sampler = new ProcSampler(await resolveAttachedTarget(74721, undefined, 0, FIXTURE_PROC), system, FIXTURE_PROC)
    const snapshot = sampler.sample()!
    expect(Object.keys(snapshot)).toEqual([...SNAPSHOT_KEYS, 'rss_anon_kb'])
    expect(snapshot).toMatchObject({
      comm: 'claude',
      state: 'sleeping',
      vm_rss_kb: 190000,
      threads: 12,
      fd_count: 3,
      fd_soft_limit: 1048576,
      ctx_switches_voluntary: 1502,
      ctx_switches_involuntary: 37,
      sig_pnd: '0000000000000000',
      sig_blk: '0000000000010000',
      sig_cgt: '0000000180004a07',
      oom_score: 712,
      wchan: 'do_epoll_wait',
      cpu_percent: 0,
      rss_anon_kb: 152000,
    })
    expect(SnapshotSchema.safeParse(snapshot).success).toBe(true)
    const next = sampler.sample()!
    expect(next.captured_at > snapshot.captured_at).toBe(true)
    sampler.close()
  })

  it('keeps an adversarial comm and an unlimited fd limit', async () => {
    const sampler = new ProcSampler(await resolveAttachedTarget(74719, undefined, 0, FIXTURE_PROC), system, FIXTURE_PROC)
    expect(sampler.sample()).toMatchObject({comm: ') R 1 (evil', state: 'running', fd_soft_limit: -1, sig_pnd: '0000000000004000', wchan: '0'})
    sampler.close()
  })
})

describe('ProcSampler input', () => {
  it('accepts only a resolved TraceTarget (checked by tsc on the test project)', () => {
    const bare = {pid: 74721, comm: 'claude', cmdline: [], starttimeTicks: 49312, resolvedAt: '', via: 'spawned' as const}
    // @ts-expect-error because a record with a bare pid is not a TraceTarget: only the resolvers mint one
    const sampler = new ProcSampler(bare, system, FIXTURE_PROC)
    sampler.close()
  })
})

describe('ProcSampler on real processes', () => {
  it('sees 60 MB allocated by a workload as RSS and anonymous memory', async () => {
    const child = spawn(process.execPath, ['-e', 'const b = Buffer.alloc(60 * 1024 * 1024, 1); process.stdout.write("ok"); setTimeout(() => b, 10000)'], {stdio: ['ignore', 'pipe', 'ignore']})
    await once(child.stdout, 'data')
    const sampler = new ProcSampler(resolveSpawnedTarget(child.pid!), readSystemInfo())
    try {
      const snapshot = sampler.sample()!
      expect(snapshot.vm_rss_kb).toBeGreaterThan(60_000)
      expect(snapshot.rss_anon_kb).toBeGreaterThan(60_000)
      expect(snapshot.threads).toBeGreaterThan(1)
      expect(snapshot.fd_count).toBeGreaterThan(2)
      expect(snapshot.comm).toBe('node')
      expect(SnapshotSchema.safeParse(snapshot).success).toBe(true)
    } finally {
      sampler.close()
      child.kill('SIGKILL')
    }
  })

  it('measures CPU use: a busy loop far above an idle process (the machine is shared, so loose bounds)', async () => {
    const child = spawn(process.execPath, ['-e', 'for (;;) {}'], {stdio: 'ignore'})
    await once(child, 'spawn')
    const sampler = new ProcSampler(resolveSpawnedTarget(child.pid!), readSystemInfo())
    try {
      sampler.sample()
      await new Promise((r) => setTimeout(r, 400))
      expect(sampler.sample()!.cpu_percent).toBeGreaterThan(20)
    } finally {
      sampler.close()
      child.kill('SIGKILL')
    }
  })

  it('drops the snapshot of a process that is gone, and stays gone', async () => {
    const child = spawn('sleep', ['30'], {stdio: 'ignore'})
    await once(child, 'spawn')
    const sampler = new ProcSampler(resolveSpawnedTarget(child.pid!), readSystemInfo())
    expect(sampler.sample()).toBeDefined()
    await new Promise((r) => setTimeout(r, 200))
    expect(sampler.sample()!.cpu_percent).toBeLessThan(5) // idle
    expect(sampler.probe()).toBe('alive')
    child.kill('SIGKILL')
    await once(child, 'exit')
    expect(sampler.sample()).toBeUndefined()
    expect(sampler.isGone).toBe(true)
    expect(sampler.probe()).toBe('gone')
    sampler.close()
  })

  it('reports a zombie (an exited child nobody reaped yet)', async () => {
    // The parent forks `true` and never waits: the exited child stays a zombie. (A shell as
    // parent may reap it itself, which made this flaky.)
    const parent = spawn('python3', ['-c', "import os, time\npid = os.fork()\nif pid == 0: os.execv('/bin/true', ['true'])\nprint(pid, flush=True)\ntime.sleep(5)"], {stdio: ['ignore', 'pipe', 'ignore']})
    const [out] = (await once(parent.stdout!, 'data')) as [Buffer]
    const zombiePid = Number(out.toString().trim())
    const sampler = new ProcSampler(await resolveAttachedTarget(zombiePid), readSystemInfo())
    for (let i = 0; i < 40 && sampler.probe() !== 'zombie'; i++) await new Promise((r) => setTimeout(r, 25))
    expect(sampler.sample()).toMatchObject({state: 'zombie', comm: 'true'})
    expect(sampler.isZombie).toBe(true)
    sampler.close()
    parent.kill('SIGKILL')
  })
})
