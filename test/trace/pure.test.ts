import {describe, expect, it} from 'vitest'
import {formatIsoMicros} from '../../src/model/timestamp.js'
import {nextCaptureMicros, nowMicros} from '../../src/trace/capture-clock.js'
import {computeCpuPercent} from '../../src/trace/build-snapshot.js'
import {attachedEnd, spawnedEnd} from '../../src/trace/exit-status.js'
import {shellQuote} from '../../src/trace/shell-quote.js'
import {ptyArgv} from '../../src/trace/launch.js'
import {nextTickDelay} from '../../src/trace/trace-loop.js'
import {targetNameFor} from '../../src/trace/resolve-for-run.js'
import {matchesName} from '../../src/trace/trace-target.js'

describe('captured_at', () => {
  it('formats µs since the epoch as Python isoformat with +00:00', () => {
    expect(formatIsoMicros(1_776_078_283_123_456)).toBe('2026-04-13T11:04:43.123456+00:00')
    expect(formatIsoMicros(1_776_078_283_000_001)).toBe('2026-04-13T11:04:43.000001+00:00')
    expect(formatIsoMicros(0)).toBe('1970-01-01T00:00:00.000000+00:00')
  })
  it('is strictly increasing: previous + 1 µs when the clock stands still or steps back', () => {
    expect(nextCaptureMicros(undefined, 500)).toBe(500)
    expect(nextCaptureMicros(500, 501)).toBe(501)
    expect(nextCaptureMicros(500, 500)).toBe(501)
    expect(nextCaptureMicros(500, 100)).toBe(501)
  })
  it('reads a clock near Date.now()', () => {
    expect(Math.abs(nowMicros() / 1000 - Date.now())).toBeLessThan(1000)
  })
})

describe('cpu_percent', () => {
  it('is 0.0 for the first sample and CPU seconds over wall seconds × 100 after', () => {
    expect(computeCpuPercent(undefined, {cpuTicks: 500, monoMs: 1000}, 100)).toBe(0)
    // 50 ticks at 100 Hz = 0.5 s of CPU in 1 s of wall time
    expect(computeCpuPercent({cpuTicks: 0, monoMs: 0}, {cpuTicks: 50, monoMs: 1000}, 100)).toBe(50)
    // two busy threads exceed 100
    expect(computeCpuPercent({cpuTicks: 0, monoMs: 0}, {cpuTicks: 200, monoMs: 1000}, 100)).toBe(200)
    expect(computeCpuPercent({cpuTicks: 0, monoMs: 0}, {cpuTicks: 1, monoMs: 300}, 100)).toBe(3.3)
    expect(computeCpuPercent({cpuTicks: 0, monoMs: 5}, {cpuTicks: 1, monoMs: 5}, 100)).toBe(0)
  })
})

describe('exit status', () => {
  it('passes the exit code through; 128 + N for death by signal N', () => {
    expect(spawnedEnd({code: 0, signal: null}, {pty: false})).toMatchObject({exitCode: 0, success: true, subtype: 'completed', terminationReason: 'NATURAL_EXIT'})
    expect(spawnedEnd({code: 3, signal: null}, {pty: false})).toMatchObject({exitCode: 3, success: false, subtype: 'failed', terminationReason: 'NATURAL_EXIT'})
    expect(spawnedEnd({code: null, signal: 'SIGTERM'}, {pty: false})).toMatchObject({exitCode: 143, summaryExitCode: 143, terminationReason: 'SIGNALED', killReason: 'SIGTERM'})
    expect(spawnedEnd({code: null, signal: 'SIGKILL'}, {pty: false}).exitCode).toBe(137)
  })
  it('reads script -e\'s 128 + N back as a signal only in PTY mode', () => {
    expect(spawnedEnd({code: 130, signal: null}, {pty: true})).toMatchObject({exitCode: 130, terminationReason: 'SIGNALED', killReason: 'SIGINT'})
    expect(spawnedEnd({code: 130, signal: null}, {pty: false}).terminationReason).toBe('NATURAL_EXIT')
  })
  it('an attached process: exit code unknown, exit 0; detached by a signal: 128 + N', () => {
    expect(attachedEnd()).toMatchObject({exitCode: 0, summaryExitCode: null, success: false, subtype: 'exited', terminationReason: 'NATURAL_EXIT'})
    expect(attachedEnd('SIGINT')).toMatchObject({exitCode: 130, terminationReason: 'DETACHED', subtype: 'detached'})
  })
})

describe('PTY wrapping', () => {
  it('shell-quotes CMD for script -c', () => {
    expect(shellQuote(['sleep', '1'])).toBe('sleep 1')
    expect(shellQuote(['sh', '-c', "echo 'hi there'; exit 3"])).toBe(`sh -c 'echo '\\''hi there'\\''; exit 3'`)
    expect(shellQuote(['a b', '', '$HOME'])).toBe(`'a b' '' '$HOME'`)
    expect(ptyArgv('/usr/bin/script', ['claude', '--print', 'x y'])).toEqual(['/usr/bin/script', '-qefc', "claude --print 'x y'", '/dev/null'])
  })
  it('names the workload by --expect, else by the basename of CMD\'s first word', () => {
    expect(targetNameFor(['/usr/local/bin/claude', '-p'], undefined)).toBe('claude')
    expect(targetNameFor(['npx', 'tool'], 'node')).toBe('node')
  })
  it('matches comm, basename(argv[0]), or a comm the kernel cut to 15 bytes', () => {
    expect(matchesName('claude', [], 'claude')).toBe(true)
    expect(matchesName('MainThread', ['/usr/bin/python3', 'x'], 'python3')).toBe(true)
    expect(matchesName('a-very-long-pro', [], 'a-very-long-program')).toBe(true)
    expect(matchesName('script', ['script', '-qefc', 'claude'], 'claude')).toBe(false)
    expect(matchesName('', [], '')).toBe(false)
  })
})

describe('schedule', () => {
  it('keeps ticks on start + k × interval and skips missed ones', () => {
    expect(nextTickDelay(0, 100, 0)).toEqual({delayMs: 100, tick: 1})
    expect(nextTickDelay(0, 100, 130)).toEqual({delayMs: 70, tick: 2})
    expect(nextTickDelay(0, 100, 350)).toEqual({delayMs: 50, tick: 4})
    // a timer that fired 0.4 ms early for tick 1 must not take tick 1 again
    expect(nextTickDelay(0, 100, 99.6, 1)).toEqual({delayMs: 100.4, tick: 2})
  })
})

describe('commandWords', () => {
  it('keeps CMD as typed after --, even when a word equals an earlier flag value (oclif reorders those)', async () => {
    const {commandWords} = await import('../../src/trace/trace-flags.js')
    expect(commandWords(['--interval', '1', '--', 'sleep', '1'], ['1', 'sleep'])).toEqual(['--', 'sleep', '1'])
    expect(commandWords(['--pty', '--', 'sh', '-c', 'x', '--', 'y'], [])).toEqual(['--', 'sh', '-c', 'x', '--', 'y'])
    expect(commandWords(['sleep', '1'], ['sleep', '1'])).toEqual(['sleep', '1'])
  })
})
