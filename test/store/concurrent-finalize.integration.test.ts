/**
 * 8 processes finalize sessions into one log dir while retention prunes (keep 40): afterwards
 * every session dir has exactly one index line and every index line has its dir, and the lines
 * kept are exactly those of the surviving dirs, none lost and none doubled.
 */
import {spawn} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {tempDir} from '../helpers/temp-dir.js'

const DIST = fileURLToPath(new URL('../../dist/src/store/finalize-session.js', import.meta.url))
const WORKER = `
const {finalizeSession} = await import(process.argv[1])
const [logDir, worker, count] = process.argv.slice(2)
for (let i = 0; i < Number(count); i++) {
  await finalizeSession({logDir, pid: 1, sessionId: 'w' + worker + '-' + i, startTs: new Date().toISOString(), endTs: null,
    cwd: '/', skillCommand: 'x', success: true, subtype: 'completed', exitCode: 0, terminationReason: 'NATURAL_EXIT',
    snapshotIntervalSeconds: 1, snapshots: [{captured_at: new Date().toISOString(), comm: 'c', vm_rss_kb: i}], keep: 40})
}
`

function run(args: string[]): Promise<number | null> {
  return new Promise((resolve) => spawn(process.execPath, ['--input-type=module', '-e', WORKER, ...args], {stdio: 'inherit'}).on('close', resolve))
}

describe('index protocol under concurrency', () => {
  it('never loses or doubles an index line with 8 writers and retention pruning', async () => {
    const logDir = tempDir()
    const codes = await Promise.all(Array.from({length: 8}, (_, w) => run([DIST, logDir, String(w), '25'])))
    expect(codes).toEqual(Array(8).fill(0))
    const dirs = readdirSync(join(logDir, 'sessions')).filter((d) => !d.startsWith('.')).sort()
    const lines = readFileSync(join(logDir, 'sessions.jsonl'), 'utf8').split('\n').filter((l) => l !== '')
    const names = lines.map((l) => JSON.parse(l).dir_name as string).sort()
    expect(dirs).toHaveLength(40)
    expect(names).toEqual(dirs)
    expect(readdirSync(join(logDir, 'sessions')).filter((d) => d.startsWith('.'))).toEqual([])
    expect(readdirSync(logDir).sort()).toEqual(['sessions', 'sessions.jsonl'])
  }, 120_000)
})
