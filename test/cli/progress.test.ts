import {describe, expect, it} from 'vitest'
import {ProgressBar, renderProgressLine, shouldShowProgress, type ProgressStream} from '../../src/cli/progress.js'

/** A terminal-like sink: records what was written, claims to be a TTY of `columns` columns. */
function terminal(isTTY = true, columns = 80): ProgressStream & {text: string} {
  const sink = {isTTY, columns, text: '', write: (s: string) => ((sink.text += s), true)}
  return sink
}

function clock() {
  let t = 0
  return {now: () => t, advance: (ms: number) => void (t += ms)}
}

describe('shouldShowProgress', () => {
  it('needs a TTY, no --json and no CI', () => {
    expect(shouldShowProgress(terminal(), true, {})).toBe(true)
    expect(shouldShowProgress(terminal(false), true, {})).toBe(false)
    expect(shouldShowProgress(terminal(), false, {})).toBe(false)
    expect(shouldShowProgress(terminal(), true, {CI: 'true'})).toBe(false)
    expect(shouldShowProgress(terminal(), true, {CI: '1'})).toBe(false)
    expect(shouldShowProgress(terminal(), true, {CI: 'false'})).toBe(true)
  })
})

describe('ProgressBar', () => {
  it('stays silent for the first second, then redraws at most every 100 ms, and erases itself', () => {
    const out = terminal()
    const c = clock()
    const bar = new ProgressBar({label: 'report', stream: out, env: {}, now: c.now})
    bar.update(10, 100)
    c.advance(900)
    bar.update(20, 100)
    expect(out.text).toBe('')
    c.advance(200)
    bar.update(30, 100)
    expect(out.text).toMatch(/^\rreport {2}\[█+░+\] +30%/)
    const once = out.text
    c.advance(50)
    bar.update(40, 100)
    expect(out.text).toBe(once)
    c.advance(60)
    bar.update(50, 100)
    expect(out.text.length).toBeGreaterThan(once.length)
    bar.finish()
    expect(out.text.endsWith('\r\u001b[2K')).toBe(true)
  })

  it('writes nothing at all for short work, not even the erase', () => {
    const out = terminal()
    const bar = new ProgressBar({label: 'x', stream: out, env: {}, now: clock().now})
    bar.onProgress(100, 100)
    bar.finish()
    expect(out.text).toBe('')
  })

  it('writes nothing when disabled (no TTY, --json, CI)', () => {
    for (const [stream, allowed, env] of [[terminal(false), true, {}], [terminal(), false, {}], [terminal(), true, {CI: 'true'}]] as const) {
      const c = clock()
      const bar = new ProgressBar({label: 'x', stream, allowed, env, now: c.now})
      c.advance(5000)
      bar.update(1, 2)
      bar.finish()
      expect(stream.text).toBe('')
    }
  })
})

describe('renderProgressLine', () => {
  it('fits the terminal width and never uses the last column', () => {
    for (const columns of [20, 40, 80, 200]) {
      const line = renderProgressLine('analyze', 50 * 1024 * 1024, 200 * 1024 * 1024, columns, 'bytes')
      expect([...line].length).toBeLessThan(columns)
    }
    expect(renderProgressLine('analyze', 50 * 1024 * 1024, 200 * 1024 * 1024, 80, 'bytes')).toMatch(/ 25% {2}50\.0\/200\.0 MiB$/)
    expect(renderProgressLine('recover', 3, 12, 80, 'items')).toMatch(/ 25% {2}3\/12$/)
    expect(renderProgressLine('x', 5, 0, 80, 'items')).toContain('0%')
  })
})

describe('TRACE_DOCTOR_PROGRESS_DELAY_MS', () => {
  it('overrides the one-second delay', () => {
    const out = terminal()
    const bar = new ProgressBar({label: 'x', stream: out, env: {TRACE_DOCTOR_PROGRESS_DELAY_MS: '0'}, now: clock().now})
    bar.update(1, 2)
    expect(out.text).toContain('50%')
    const ignored = terminal()
    new ProgressBar({label: 'x', stream: ignored, env: {TRACE_DOCTOR_PROGRESS_DELAY_MS: 'soon'}, now: clock().now}).update(1, 2)
    expect(ignored.text).toBe('')
  })
})
