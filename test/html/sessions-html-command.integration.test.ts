/** `trace-doctor sessions --html FILE` end to end through the built CLI. */
import {cpSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {serializeIndexLine} from '../../src/store/session-files.js'
import {PROJECT_ROOT, jsonOutput, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'

function logDirWith(names: string[]): string {
  const logDir = tempDir()
  let index = ''
  for (const name of names) {
    const src = join(PROJECT_ROOT, 'fixtures', 'sessions', name)
    const summary = JSON.parse(readFileSync(join(src, 'summary.json'), 'utf8')) as Record<string, unknown>
    cpSync(src, join(logDir, 'sessions', String(summary['dir_name'])), {recursive: true})
    index += serializeIndexLine(summary)
  }
  writeFileSync(join(logDir, 'sessions.jsonl'), index)
  return logDir
}

describe('trace-doctor sessions --html', () => {
  it('writes the page beside the listing, linking reports that exist', async () => {
    const logDir = logDirWith(['healthy', 'pty-wrapper', 'oom-spike'])
    const report = await runCli(['report', join(logDir, 'sessions', 'fixture-pty-wrapper')])
    expect(report.code).toBe(0)
    const out = join(tempDir(), 'sessions.html')
    const r = await runCli(['sessions', '--log-dir', logDir, '--html', out])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`Wrote ${out} (3 sessions, 1 with a report)`)
    const html = readFileSync(out, 'utf8')
    expect([...html.matchAll(/class="session-row/g)].length).toBe(3)
    expect([...html.matchAll(/class="report-link"/g)].length).toBe(1)
    expect(html).toContain('<span class="badge bad">identity</span>')
  })

  it('lists only what the filters select, and keeps --json the listing itself', async () => {
    const logDir = logDirWith(['healthy', 'pty-wrapper', 'oom-spike'])
    const out = join(tempDir(), 'anomalies.html')
    const r = await runCli(['sessions', '--log-dir', logDir, '--anomalies', '--html', out, '--json'])
    expect(r.code).toBe(0)
    expect(jsonOutput(r, 'sessions').sessions.map((l) => l.dir_name).sort()).toEqual(['fixture-oom-spike', 'fixture-pty-wrapper'])
    expect([...readFileSync(out, 'utf8').matchAll(/class="session-row/g)].length).toBe(2)
  })

  it('exits 2 naming the page when it cannot be written', async () => {
    const out = join(tempDir(), 'missing', 'x.html')
    const r = await runCli(['sessions', '--log-dir', logDirWith(['healthy']), '--html', out])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`cannot write ${out}`)
  })
})
