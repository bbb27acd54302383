/**
 * Counted once, for real: a `ship` killed with SIGKILL mid-run, then one whose server is killed
 * under it (and restarted on the same data), then a run to the end. Every fleet query must count
 * each session and snapshot row once, and a further run must change nothing.
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, expect, it, vi} from 'vitest'
import {BIN, parseJson, runCli} from '../helpers/cli.js'
import {queryText, startClickHouse, type ClickHouseServer} from '../helpers/clickhouse-server.js'
import {addGeneratedSession} from '../helpers/fleet-log-dir.js'
import {LEDGER_FILE} from '../../src/fleet/ledger.js'

const SESSIONS = 40
const ROWS = 3000
const DB = 'fleet_interrupted'

// Many CLI runs against real servers: generous bounds for a loaded 2-core CI box (no timing is asserted).
vi.setConfig({testTimeout: 300000, hookTimeout: 180_000})

let server: ClickHouseServer
let work: string

beforeAll(async () => {
  server = await startClickHouse()
  work = mkdtempSync(join(tmpdir(), 'td-fleet-int-'))
})

afterAll(async () => {
  await server?.stop()
  rmSync(work, {recursive: true, force: true})
})

function ledgerLines(logDir: string): number {
  try {
    return readFileSync(join(logDir, LEDGER_FILE), 'utf8').split('\n').filter((l) => l.trim() !== '').length
  } catch {
    return 0
  }
}

/** Starts `ship` and calls `strike` once the ledger has grown by `after` sessions. */
async function shipUntil(logDir: string, after: number, strike: (child: ReturnType<typeof spawn>) => Promise<void> | void) {
  const before = ledgerLines(logDir)
  const child = spawn(process.execPath, [BIN, 'ship', '--clickhouse', server.url, '--database', DB, '--log-dir', logDir, '--host', 'victim', '--batch-size', '2'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {...process.env, NODE_ENV: ''},
  })
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => child.on('close', (code, signal) => resolve({code, signal})))
  let struck = false
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) break
    if (ledgerLines(logDir) >= before + after) {
      await strike(child)
      struck = true
      break
    }
    await new Promise((r) => setTimeout(r, 10))
  }
  return {...(await exited), stderr, struck}
}

async function fleetCounts() {
  const hosts = parseJson<{hosts: Array<{host: string; sessions: number; snapshot_rows: number}>}>(
    await runCli(['sessions', '--clickhouse', server.url, '--database', DB, '--by-host', '--json']),
  ).hosts
  const listed = parseJson<unknown[]>(await runCli(['sessions', '--clickhouse', server.url, '--database', DB, '--json']))
  return {hosts, listed: listed.length}
}

it('a ship killed by SIGKILL, then a server killed mid-ship, then a re-run: each session and row counted once', async () => {
  const logDir = join(work, 'logs')
  for (let i = 0; i < SESSIONS; i++) addGeneratedSession(logDir, `s-${String(i).padStart(3, '0')}`, ROWS, Date.UTC(2026, 3, 13, 11, 0, 0) + i * 60_000)

  const killed = await shipUntil(logDir, 4, (child) => void child.kill('SIGKILL'))
  expect(killed.struck).toBe(true)
  expect(killed.signal).toBe('SIGKILL')
  const afterKill = ledgerLines(logDir)
  expect(afterKill).toBeLessThan(SESSIONS)

  // The fleet sees only whole sessions: as many as have a sessions row, each with all its rows.
  const partial = await fleetCounts()
  expect(partial.hosts[0]!.snapshot_rows).toBe(partial.hosts[0]!.sessions * ROWS)

  const serverDied = await shipUntil(logDir, 4, () => server.kill())
  expect(serverDied.struck).toBe(true)
  expect(serverDied.code).toBe(2)
  expect(serverDied.stderr).toMatch(/^Error: (cannot reach ClickHouse|ClickHouse at .* failed while)/)
  expect(serverDied.stderr).not.toMatch(/\n\s+at /)
  const afterServerDeath = ledgerLines(logDir)
  expect(afterServerDeath).toBeLessThan(SESSIONS)

  await server.restart()
  const finish = await runCli(['ship', '--clickhouse', server.url, '--database', DB, '--log-dir', logDir, '--host', 'victim', '--json'])
  expect(finish.code).toBe(0)
  expect(parseJson(finish)).toMatchObject({shipped: SESSIONS - afterServerDeath, already_shipped: afterServerDeath})
  expect(ledgerLines(logDir)).toBe(SESSIONS)

  const whole = await fleetCounts()
  expect(whole.hosts).toEqual([expect.objectContaining({host: 'victim', sessions: SESSIONS, snapshot_rows: SESSIONS * ROWS})])
  expect(whole.listed).toBe(SESSIONS)
  // Re-shipping everything (a lost ledger) still changes no count.
  rmSync(join(logDir, LEDGER_FILE))
  expect((await runCli(['ship', '--clickhouse', server.url, '--database', DB, '--log-dir', logDir, '--host', 'victim'])).code).toBe(0)
  expect(await fleetCounts()).toEqual(whole)
  // …and once ClickHouse merges, the duplicates are gone from the tables themselves.
  await queryText(server, `OPTIMIZE TABLE ${DB}.snapshots FINAL`)
  expect((await queryText(server, `SELECT count() FROM ${DB}.snapshots`)).trim()).toBe(String(SESSIONS * ROWS))
})
