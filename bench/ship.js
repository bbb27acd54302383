#!/usr/bin/env node
/**
 * bench/ship: a log dir of N sessions × 500 snapshots (default 2,000: a million rows), shipped by
 * the built CLI (`npm run build` first) to a throwaway Debian clickhouse-server on loopback.
 * Prints, in the same run:
 *   ship (N)        `trace-doctor ship`: wall time, snapshot rows/s, peak RSS of the process
 *   ship (N/4)      the same over a quarter of the sessions: memory must be flat in N
 *   floor           `clickhouse-client` inserting the same snapshot rows (exported from the
 *                   server after the ship, so byte for byte the same columns) as JSONEachRow
 *                   from a file into an identical table
 *   fleet query     `trace-doctor sessions --by-host` (every sessions, anomalies and snapshot
 *                   row read once) as a whole process, and the heaviest SQL alone on the server
 * Targets: ship ≥ half the floor's rows/s; peak RSS flat between N/4 and N; fleet query < 1 s.
 * Usage: node bench/ship.js [sessions=2000] [snapshots=500]
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, openSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {startClickHouse} from './lib/clickhouse.js'
import {generateLogDir} from './lib/generate-log-dir.js'
import {mib, runNode, table} from './lib/measure.js'

const BIN = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const SESSIONS = Number(process.argv[2] ?? 2000)
const SNAPSHOTS = Number(process.argv[3] ?? 500)
const QUARTER = Math.max(1, Math.floor(SESSIONS / 4))

function ship(server, logDir, database) {
  const r = runNode([BIN, 'ship', '--clickhouse', server.url, '--database', database, '--log-dir', logDir, '--host', 'bench-host', '--json'], {allowFailure: true})
  if (r.status !== 0) throw new Error(`ship exited ${r.status}: ${r.stdout}`)
  const result = JSON.parse(r.stdout)
  if (result.snapshots === 0) throw new Error(`ship sent nothing: ${r.stdout}`)
  return {...r, rows: result.snapshots}
}

function timed(cmd, args, options = {}) {
  const start = process.hrtime.bigint()
  const r = spawnSync('/usr/bin/time', ['-f', '__MAXRSS_KB=%M', cmd, ...args], {encoding: 'utf8', maxBuffer: 1 << 26, ...options})
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr}`)
  return {seconds, maxRssKb: Number(/__MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN), stdout: r.stdout}
}

const work = mkdtempSync(join(tmpdir(), 'td-bench-ship-'))
const server = await startClickHouse()
try {
  const big = join(work, 'big')
  const small = join(work, 'small')
  let t = Date.now()
  generateLogDir(big, SESSIONS, SNAPSHOTS)
  generateLogDir(small, QUARTER, SNAPSHOTS)
  console.log(`generated ${SESSIONS} + ${QUARTER} sessions × ${SNAPSHOTS} snapshots in ${((Date.now() - t) / 1000).toFixed(1)} s`)

  const full = ship(server, big, 'bench')
  const quarter = ship(server, small, 'bench_quarter')

  // The floor: the very rows ship inserted, exported and inserted again by clickhouse-client.
  const rowsFile = join(work, 'snapshots.jsonl')
  // Exported by clickhouse-client itself: a fetch of ~800 MB through Node stalled here once.
  const exported = spawnSync('clickhouse-client', ['--port', String(server.tcp), '--query', 'SELECT * FROM bench.snapshots FORMAT JSONEachRow'], {stdio: ['ignore', openSync(rowsFile, 'w'), 'inherit']})
  if (exported.status !== 0) throw new Error('clickhouse-client could not export the rows')
  runNode([BIN, 'ship', '--clickhouse', server.url, '--database', 'floor', '--init-only', '--json'])
  const floor = timed('clickhouse-client', ['--port', String(server.tcp), '--query', 'INSERT INTO floor.snapshots FORMAT JSONEachRow'], {stdio: [openSync(rowsFile, 'r'), 'pipe', 'pipe']})
  const floorRows = Number((await server.query('SELECT count() FROM floor.snapshots')).trim())

  const cli = runNode([BIN, 'sessions', '--clickhouse', server.url, '--database', 'bench', '--by-host', '--json'])
  const hosts = JSON.parse(cli.stdout).hosts
  t = process.hrtime.bigint()
  const heavy = await server.query(
    "SELECT host, uniqExact(dir_name, seq) FROM bench.snapshots WHERE (host, dir_name) GLOBAL IN (SELECT host, dir_name FROM (SELECT host, dir_name FROM bench.sessions ORDER BY version DESC LIMIT 1 BY host, dir_name)) GROUP BY host",
  )
  const heavySeconds = Number(process.hrtime.bigint() - t) / 1e9

  const rate = (rows, s) => `${Math.round(rows / s).toLocaleString('en-US')} rows/s`
  console.log(
    table([
      ['what', 'rows', 'seconds', 'rate', 'peak RSS'],
      [`ship (${SESSIONS} sessions)`, full.rows, full.seconds.toFixed(2), rate(full.rows, full.seconds), mib(full.maxRssKb)],
      [`ship (${QUARTER} sessions)`, quarter.rows, quarter.seconds.toFixed(2), rate(quarter.rows, quarter.seconds), mib(quarter.maxRssKb)],
      ['floor: clickhouse-client JSONEachRow', floorRows, floor.seconds.toFixed(2), rate(floorRows, floor.seconds), mib(floor.maxRssKb)],
      ['fleet query: sessions --by-host (process)', hosts[0]?.snapshot_rows ?? 0, cli.seconds.toFixed(2), '', mib(cli.maxRssKb)],
      ['fleet query: snapshot rows per host (SQL)', heavy.trim().split('\t')[1], heavySeconds.toFixed(2), '', ''],
    ]),
  )
  const ratio = full.rows / full.seconds / (floorRows / floor.seconds)
  console.log(`ship rate = ${(ratio * 100).toFixed(0)} % of the floor (target ≥ 50 %); peak RSS ${mib(quarter.maxRssKb)} at ${QUARTER} sessions vs ${mib(full.maxRssKb)} at ${SESSIONS}`)
  console.log(`trace data: ${(dirBytes(big) / 1024 / 1024).toFixed(0)} MiB; floor file ${(statSync(rowsFile).size / 1024 / 1024).toFixed(0)} MiB`)
} finally {
  await server.stop()
  rmSync(work, {recursive: true, force: true})
}

function dirBytes(path) {
  return Number(spawnSync('du', ['-sb', path], {encoding: 'utf8'}).stdout.split('\t')[0])
}
