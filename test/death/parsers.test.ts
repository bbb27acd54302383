/** The kernel-log parsers on recorded lines (fixtures/kernel): both cgroup versions, continuation lines, a recycled pid. */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {classifyRecords} from '../../src/death/classify-records.js'
import type {FaultEvent, HungTaskEvent, OomKillEvent} from '../../src/death/kernel-event.js'
import {matchEvents, otherOomKills, startUsecOf} from '../../src/death/match-events.js'
import {parseDmesgText} from '../../src/death/parse-dmesg-text.js'
import {parseJournalJson} from '../../src/death/parse-journal-json.js'
import {kmsgUsecOf, parseKmsgRecord, splitKmsgDump} from '../../src/death/parse-kmsg.js'
import {PROJECT_ROOT} from '../helpers/cli.js'

const fixture = (name: string) => readFileSync(join(PROJECT_ROOT, 'fixtures/kernel', name), 'utf8')
const kmsg = (name: string) => splitKmsgDump(fixture(name)).map((raw) => parseKmsgRecord(raw)!)

describe('parseKmsgRecord', () => {
  it('reads priority, sequence, µs and text', () => {
    expect(parseKmsgRecord('3,411,261294138,-;Memory cgroup out of memory: Killed process 10387 (python3)')).toEqual({
      priority: 3, seq: 411, usec: 261294138, text: 'Memory cgroup out of memory: Killed process 10387 (python3)',
    })
    expect(kmsgUsecOf('3,411,261294138,-;x')).toBe(261294138)
  })

  it('keeps continuation lines as fields, not as text', () => {
    const records = kmsg('kmsg-global-oom-recycled.txt')
    const usb = records.find((r) => r.text.startsWith('usb 1-1'))!
    expect(usb.text).toBe('usb 1-1: new high-speed USB device number 2 using xhci_hcd')
    expect(usb.fields).toEqual({SUBSYSTEM: 'usb', DEVICE: 'c189:1'})
    expect(records).toHaveLength(8)
  })

  it('decodes \\xNN escapes (a comm may hold a newline)', () => {
    const gp = classifyRecords(kmsg('kmsg-global-oom-recycled.txt')).find((e) => e.pid === 5101) as FaultEvent
    expect(gp.comm).toBe('bad\nname')
  })

  it('rejects what is not a record', () => {
    expect(parseKmsgRecord('no prefix here')).toBeUndefined()
    expect(parseKmsgRecord('a,b,c,-;text')).toBeUndefined()
  })
})

describe('classifyRecords', () => {
  it('cgroup v1: joins the oom-kill context to the kill (constraint, memcg, anon-rss)', () => {
    const [oom, segv] = classifyRecords(kmsg('kmsg-cgroup-v1-oom.txt')) as [OomKillEvent, FaultEvent]
    expect(oom).toMatchObject({kind: 'oom_kill', pid: 10387, comm: 'python3', usec: 261294138, seq: 411, constraint: 'cgroup', anonRssKb: 60928})
    expect(oom.memcg).toBe('/process_api/3c59c5e4babc1bfb57d8f2d24d57f6bf/cod-probe')
    expect(oom.contextText).toMatch(/^oom-kill:constraint=CONSTRAINT_MEMCG/)
    expect(segv).toMatchObject({kind: 'fault', pid: 10457, comm: 'python3', fault: 'segfault', signal: 'SIGSEGV', library: 'libc.so.6'})
  })

  it('cgroup v2: memcg kill, oom_reaper and group kill lines; a comm with "(", ")" and ","', () => {
    const events = classifyRecords(kmsg('kmsg-cgroup-v2-oom.txt')) as OomKillEvent[]
    expect(events.map((e) => [e.pid, e.comm, e.constraint])).toEqual([
      [31337, 'stress-ng-vm', 'cgroup'],
      [31400, 'worker, (x)', 'cgroup'],
    ])
    expect(events[0]!.memcg).toBe('/system.slice/batch-job.service')
  })

  it('global OOM, traps and hung tasks', () => {
    const events = classifyRecords(kmsg('kmsg-global-oom-recycled.txt'))
    expect(events[0]).toMatchObject({kind: 'oom_kill', pid: 5000, constraint: 'global'})
    const div = events.find((e) => e.pid === 5100) as FaultEvent
    expect(div).toMatchObject({fault: 'divide error', signal: 'SIGFPE', library: 'a.out', comm: 'a.out'})
    expect(events.find((e) => e.pid === 5101)).toMatchObject({fault: 'general protection fault', signal: 'SIGSEGV', library: 'libfoo.so.1'})
    expect(events.find((e) => e.kind === 'hung_task') as HungTaskEvent).toMatchObject({pid: 5200, comm: 'python3', blockedSeconds: 122})
  })

  it('a kill line without the 4.19+ context line still says which killer from its prefix', () => {
    const [a, b] = classifyRecords([
      {usec: 1, text: 'Out of memory: Killed process 7 (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB'},
      {usec: 2, text: 'Killed process 8 (y) total-vm:1kB, anon-rss:1kB, file-rss:0kB'},
    ]) as OomKillEvent[]
    expect(a!.constraint).toBe('global')
    expect(b!.constraint).toBeNull()
  })
})

describe('matchEvents', () => {
  const events = classifyRecords(kmsg('kmsg-global-oom-recycled.txt'))

  it('a recycled pid never inherits another process death: pid 5000 was OOM-killed at 100 s, a later python3 with that pid segfaulted at 150 s', () => {
    const first = matchEvents(events, {pid: 5000, comms: ['python3'], startUsec: 90_000_000, endUsec: 101_000_000})
    expect(first.map((e) => e.kind)).toEqual(['oom_kill'])
    const second = matchEvents(events, {pid: 5000, comms: ['python3'], startUsec: startUsecOf(12_000, 100), endUsec: 151_000_000})
    expect(second.map((e) => e.kind)).toEqual(['fault'])
  })

  it('requires the comm too', () => {
    expect(matchEvents(events, {pid: 5000, comms: ['node'], startUsec: 0, endUsec: Infinity})).toEqual([])
    expect(matchEvents(events, {pid: 5000, comms: [], startUsec: 0, endUsec: Infinity})).toHaveLength(2)
  })

  it('compares comms as the kernel truncates them (15 bytes)', () => {
    const long = [{kind: 'oom_kill' as const, pid: 9, comm: 'a-very-long-nam', usec: 5, text: '', constraint: null}]
    expect(matchEvents(long, {pid: 9, comms: ['a-very-long-name-indeed'], startUsec: 0, endUsec: 10})).toHaveLength(1)
  })

  it('lists OOM kills of other processes without attributing them', () => {
    expect(otherOomKills(events, {pid: 6000, comms: ['sleep'], startUsec: 0, endUsec: Infinity}).map((e) => e.pid)).toEqual([5000])
  })

  it('startUsecOf rounds the start down and subtracts the clock slack', () => {
    expect(startUsecOf(28127, 100)).toBe(281_270_000 - 20_000)
  })
})

describe('fallback formats', () => {
  it('dmesg text (with and without the <pri> prefix), lines without a time skipped', () => {
    const records = parseDmesgText(fixture('dmesg.txt'))
    expect(records).toHaveLength(4)
    expect(records[0]).toEqual({usec: 261293999, text: 'memory: usage 61440kB, limit 61440kB, failcnt 84'})
    expect(records[3]).toMatchObject({usec: 261899835, priority: 6})
    expect(classifyRecords(records).map((e) => [e.kind, e.pid])).toEqual([['oom_kill', 10387], ['fault', 10457]])
  })

  it('journalctl -o json: kernel time preferred, byte-array messages, garbage lines skipped', () => {
    const records = parseJournalJson(fixture('journal.jsonl'))
    expect(records.map((r) => r.usec)).toEqual([261294121, 261294138, 261900000])
    const events = classifyRecords(records)
    expect(events[0]).toMatchObject({kind: 'oom_kill', pid: 10387, constraint: 'cgroup'})
    expect(events[1]).toMatchObject({kind: 'fault', pid: 10457, library: 'libc.so.6'})
  })
})
