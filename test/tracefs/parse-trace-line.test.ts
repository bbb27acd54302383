import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {parseTraceLine, signalResultName} from '../../src/tracefs/parse-trace-line.js'
import {instanceName, parseInstanceName} from '../../src/tracefs/instance-name.js'
import {signalName} from '../../src/tracefs/signal-names.js'
import {eventFilter, OOM_EVENT, SIGNAL_EVENT} from '../../src/tracefs/tracefs-instance.js'
import {recordOf, wallMicrosOf} from '../../src/tracefs/event-record.js'
import {SignalRecordSchema} from '../../src/model/signal-record.js'

const lines = readFileSync(new URL('../../fixtures/tracefs/trace_pipe.txt', import.meta.url), 'utf8').split('\n')

describe('parseTraceLine', () => {
  it('reads the sender from the header and the target from the fields', () => {
    expect(parseTraceLine(lines[0]!)).toEqual({
      event: 'signal_generate', comm: 'sh', pid: 12584, cpu: 0, timestampSecs: 2457.414315,
      sig: 9, errno: 0, code: 0, targetComm: 'sleep', targetPid: 12582, group: 1, result: 0,
    })
    expect(parseTraceLine(lines[1]!)).toMatchObject({comm: 'grim-reaper', pid: 20314, targetPid: 20390, sig: 15})
  })

  it('keeps comms with spaces, dashes, brackets and `pid=` whole', () => {
    expect(parseTraceLine(lines[2]!)).toMatchObject({comm: 'my-svc -- 12 [3]', pid: 4411, targetComm: 'a pid=9 grp=1 b', targetPid: 77, result: 1})
  })

  it('is not fooled by a sender comm that looks like another event marker', () => {
    expect(parseTraceLine(lines[3]!)).toMatchObject({event: 'signal_generate', comm: ': mark_victim: ', pid: 555, targetComm: 'worker-1', group: 0})
  })

  it('reads mark_victim in the 6.x form and the older pid-only form', () => {
    expect(parseTraceLine(lines[5]!)).toMatchObject({event: 'mark_victim', comm: 'python3', pid: 31290, victimPid: 31290, victimComm: 'python3', totalVmKb: 323768, anonRssKb: 61184, uid: 0})
    const old = parseTraceLine(lines[6]!)
    expect(old).toMatchObject({event: 'mark_victim', victimPid: 3131})
    expect(old).not.toHaveProperty('victimComm')
  })

  it('ignores markers, lost-event notes and blank lines', () => {
    expect(parseTraceLine(lines[7]!)).toBeUndefined()
    expect(parseTraceLine(lines[8]!)).toBeUndefined()
    expect(parseTraceLine('')).toBeUndefined()
  })

  it('reads the record-tgid header form', () => {
    expect(parseTraceLine(lines[9]!)).toMatchObject({comm: 'bash', pid: 1, tgid: 1, sig: 36, code: -6, result: 2})
  })
})

describe('names', () => {
  it('names signals by the kernel numbers, real-time ones relative to SIGRTMIN', () => {
    expect([signalName(9), signalName(15), signalName(31), signalName(34), signalName(36), signalName(99)]).toEqual(['SIGKILL', 'SIGTERM', 'SIGSYS', 'SIGRTMIN', 'SIGRTMIN+2', 'SIG99'])
    expect([signalResultName(0), signalResultName(1), signalResultName(2), signalResultName(9)]).toEqual(['delivered', 'ignored', 'already_pending', 'result_9'])
  })

  it('names an instance by its tracer and reads the name back; other names are not ours', () => {
    expect(instanceName({tracerPid: 4411, tracerStartTicks: 102343})).toBe('trace-doctor-4411-102343')
    expect(parseInstanceName('trace-doctor-4411-102343')).toEqual({tracerPid: 4411, tracerStartTicks: 102343})
    expect(parseInstanceName('trace-doctor-4411')).toBeUndefined()
    expect(parseInstanceName('foo')).toBeUndefined()
  })

  it('filters on the target pids, and leaves SIGCHLD out of the signal event only', () => {
    expect(eventFilter(SIGNAL_EVENT, [5, 6, 5])).toBe('(pid == 5 || pid == 6) && sig != 17')
    expect(eventFilter(OOM_EVENT, [5])).toBe('(pid == 5)')
  })
})

describe('recordOf', () => {
  it('makes a valid signals.jsonl record with the wall time of the monotonic stamp', () => {
    const event = parseTraceLine(lines[0]!)!
    const offsetUs = 1_780_000_000_000_000 - 2457.414315e6
    expect(wallMicrosOf(2457.414315, offsetUs)).toBe(1_780_000_000_000_000)
    const record = recordOf(event, offsetUs, {ppid: 1, cmdline: ['sh', '-c', 'kill -9 12582']})
    expect(SignalRecordSchema.parse(record)).toEqual(record)
    expect(record).toMatchObject({kind: 'signal', signal: 'SIGKILL', sender_comm: 'sh', sender_pid: 12584, sender_ppid: 1, target_pid: 12582, group: true, result: 'delivered', at: '2026-05-28T20:26:40.000000+00:00'})
    expect(Object.keys(record)).toEqual(Object.keys(SignalRecordSchema.parse(record)))
  })
})
