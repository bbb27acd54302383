/** cgroup v1 and v2: locating the memory cgroup and reading its counters, from recorded files. */
import {describe, expect, it} from 'vitest'
import {locateMemoryCgroup, parseBytes, parseCgroupMounts, parseProcCgroup, readingFrom} from '../../src/death/memory-cgroup.js'
import {describeCorePattern, parseCoredumpctlList} from '../../src/death/read-coredump.js'
import {decodeWaitStatus, exitCodeFieldOf} from '../../src/death/wait-status.js'

// Recorded on this machine kind (v1 hybrid: cgroup2 mounted without the memory controller).
const V1_CGROUP = '9:name=systemd:/\n4:memory:/process_api/3c59c5e4babc1bfb57d8f2d24d57f6bf\n1:cpu:/\n0::/\n'
const V1_MOUNTS = [
  '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
  '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
  '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
].join('\n')
// A systemd v2 host, and a container whose cgroup namespace root is a sub-path.
const V2_CGROUP = '0::/system.slice/batch-job.service\n'
const V2_MOUNTS = '30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot'
const BIND_MOUNTS = '30 23 0:26 /kubepods/pod1 /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw'

describe('locating the memory cgroup', () => {
  it('cgroup v1: the memory hierarchy, even where cgroup2 is mounted beside it', () => {
    const loc = locateMemoryCgroup(parseProcCgroup(V1_CGROUP), parseCgroupMounts(V1_MOUNTS), () => false)
    expect(loc).toEqual({version: 1, path: '/process_api/3c59c5e4babc1bfb57d8f2d24d57f6bf', dir: '/sys/fs/cgroup/memory/process_api/3c59c5e4babc1bfb57d8f2d24d57f6bf'})
  })

  it('cgroup v2 when its root enables memory; none when it does not', () => {
    const lines = parseProcCgroup(V2_CGROUP)
    expect(locateMemoryCgroup(lines, parseCgroupMounts(V2_MOUNTS), () => true)).toEqual({version: 2, path: '/system.slice/batch-job.service', dir: '/sys/fs/cgroup/system.slice/batch-job.service'})
    expect(locateMemoryCgroup(lines, parseCgroupMounts(V2_MOUNTS), () => false)).toBeUndefined()
  })

  it('a mount whose root is a sub-path (a bind mount or namespace) maps the path under it', () => {
    const loc = locateMemoryCgroup(parseProcCgroup('0::/kubepods/pod1/ctr\n'), parseCgroupMounts(BIND_MOUNTS), () => true)
    expect(loc?.dir).toBe('/sys/fs/cgroup/ctr')
  })
})

describe('counters', () => {
  const files = (m: Record<string, string>) => ({read: (name: string) => m[name]})

  it('cgroup v1 (recorded after an OOM kill in a 60 MiB cgroup)', () => {
    const r = readingFrom(1, files({
      'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n',
      'memory.limit_in_bytes': '62914560\n',
      'memory.max_usage_in_bytes': '62914560\n',
      'memory.usage_in_bytes': '0\n',
      'memory.failcnt': '84\n',
    }), 'T')
    expect(r).toEqual({read_at: 'T', limit_bytes: 62914560, peak_bytes: 62914560, usage_bytes: 0, oom_kill: 1, oom_group_kill: null, max_events: 84})
  })

  it('cgroup v2: memory.events, "max" as no limit', () => {
    const r = readingFrom(2, files({
      'memory.events': 'low 0\nhigh 0\nmax 1803\noom 1\noom_kill 1\noom_group_kill 0\n',
      'memory.max': 'max\n',
      'memory.peak': '104857600\n',
      'memory.current': '4096\n',
    }), 'T')
    expect(r).toEqual({read_at: 'T', limit_bytes: null, peak_bytes: 104857600, usage_bytes: 4096, oom_kill: 1, oom_group_kill: 0, max_events: 1803})
  })

  it("v1's unlimited sentinel is no limit; garbage is null", () => {
    expect(parseBytes('9223372036854771712\n')).toBeNull()
    expect(parseBytes('12x')).toBeNull()
    expect(parseBytes(undefined)).toBeNull()
  })
})

describe('exit status of a zombie, core dumps', () => {
  it('decodes field 52 of /proc/PID/stat in waitpid encoding', () => {
    const fields = Array.from({length: 49}, (_, i) => String(i))
    const stat = (status: number) => `4242 (a) b) Z ${[...fields.slice(1, 49), String(status)].join(' ')}`
    expect(exitCodeFieldOf(stat(139))).toBe(139)
    expect(decodeWaitStatus(139)).toEqual({code: null, signal: 'SIGSEGV', coreDumped: true})
    expect(decodeWaitStatus(9)).toEqual({code: null, signal: 'SIGKILL', coreDumped: false})
    expect(decodeWaitStatus(3 << 8)).toEqual({code: 3, signal: null, coreDumped: false})
  })

  it('coredumpctl list lines and core_pattern', () => {
    const list = 'Sun 2026-11-30 04:00:01 UTC  4242  1000  1000 SIGSEGV present  /usr/bin/python3  1.2M\nSun 2026-11-30 04:00:02 UTC  4243  1000  1000 SIGABRT none  /usr/bin/x  -\n'
    expect(parseCoredumpctlList(list, 4242)).toMatchObject({signal: 'SIGSEGV', corefile: 'present'})
    expect(parseCoredumpctlList(list, 4243)).toMatchObject({corefile: 'none'})
    expect(parseCoredumpctlList(list, 1)).toBeUndefined()
    expect(describeCorePattern('|/lib/systemd/systemd-coredump %P %u %g %s %t %c %h')).toMatch(/systemd-coredump/)
    expect(describeCorePattern('core\n')).toMatch(/"core": a core, if RLIMIT_CORE allowed one, is a file of that name in the process's cwd/)
  })
})
