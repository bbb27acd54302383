/**
 * Scale out: two ClickHouse servers on 127.0.0.1 as the two shards of cluster `fleet`, per-shard
 * `T_local` tables and Distributed `T` tables sharded by cityHash64(host), two log dirs shipped
 * as two hosts (each through a different server), and fleet queries on either server see both.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, expect, it, vi} from 'vitest'
import {parseJson, runCli} from '../helpers/cli.js'
import {freePorts, queryText, startClickHouse, type ClickHouseServer} from '../helpers/clickhouse-server.js'
import {addGeneratedSession, fixtureLogDir} from '../helpers/fleet-log-dir.js'

const DB = 'fleet_cluster'
// Many CLI runs against real servers: generous bounds for a loaded 2-core CI box (no timing is asserted).
vi.setConfig({testTimeout: 240000, hookTimeout: 180_000})

let shards: ClickHouseServer[] = []
let work: string

beforeAll(async () => {
  const ports = [await freePorts(), await freePorts()]
  const cluster = {name: 'fleet', shards: ports}
  shards = await Promise.all(ports.map((p) => startClickHouse({ports: p, cluster})))
  work = mkdtempSync(join(tmpdir(), 'td-fleet-cluster-'))
})

afterAll(async () => {
  await Promise.all(shards.map((s) => s.stop()))
  rmSync(work, {recursive: true, force: true})
})

/** Two host names that cityHash64 sends to different shards (shard weights 1:1). */
async function hostsOnBothShards(): Promise<[string, string]> {
  const candidates = ['build-1', 'build-2', 'build-3', 'build-4', 'build-5', 'build-6', 'build-7', 'build-8']
  const shardOf = new Map<number, string>()
  for (const host of candidates) {
    const shard = Number((await queryText(shards[0]!, `SELECT cityHash64('${host}') % 2`)).trim())
    if (!shardOf.has(shard)) shardOf.set(shard, host)
  }
  return [shardOf.get(0)!, shardOf.get(1)!]
}

it('ships two hosts through Distributed tables, and fleet queries on either shard see both', async () => {
  const [hostA, hostB] = await hostsOnBothShards()
  for (const shard of shards) {
    const init = await runCli(['ship', '--clickhouse', shard.url, '--database', DB, '--cluster', 'fleet', '--init-only', '--json'])
    expect(init.code).toBe(0)
    expect(parseJson(init)).toMatchObject({created_schema: true, shipped: 0})
  }
  const logA = join(work, 'a')
  const logB = join(work, 'b')
  const names = fixtureLogDir(logA, 'a')
  for (let i = 0; i < 5; i++) addGeneratedSession(logB, `b-${i}`, 200, Date.UTC(2026, 4, 1) + i * 60_000)

  const shipA = await runCli(['ship', '--clickhouse', shards[0]!.url, '--database', DB, '--cluster', 'fleet', '--log-dir', logA, '--host', hostA, '--json'])
  const shipB = await runCli(['ship', '--clickhouse', shards[1]!.url, '--database', DB, '--cluster', 'fleet', '--log-dir', logB, '--host', hostB, '--json'])
  expect(shipA.code, shipA.stderr).toBe(0)
  expect(shipB.code, shipB.stderr).toBe(0)
  const rowsA = parseJson<{snapshots: number}>(shipA).snapshots

  for (const shard of shards) {
    const {hosts} = parseJson<{hosts: Array<{host: string; sessions: number; snapshot_rows: number}>}>(
      await runCli(['sessions', '--clickhouse', shard.url, '--database', DB, '--by-host', '--json']),
    )
    expect(hosts.map((h) => [h.host, h.sessions, h.snapshot_rows]).sort()).toEqual(
      [
        [hostA, names.length, rowsA],
        [hostB, 5, 1000],
      ].sort(),
    )
    const crashed = parseJson<Array<{host: string}>>(await runCli(['sessions', '--clickhouse', shard.url, '--database', DB, '--failed', '--json']))
    expect(crashed.length).toBeGreaterThan(0)
    expect(new Set(crashed.map((s) => s.host))).toEqual(new Set([hostA]))
  }
  // Each host's rows live on one shard only: the one its hash names.
  const local = await Promise.all(shards.map(async (s) => (await queryText(s, `SELECT DISTINCT host FROM ${DB}.snapshots_local ORDER BY host`)).trim()))
  expect(local).toEqual([hostA, hostB])

  const analyzed = await runCli(['analyze', '--clickhouse', shards[1]!.url, '--database', DB, '--host', hostA, 'a-leak', '--json'])
  expect(analyzed.code).toBe(0)
  expect(parseJson<{anomalies: Array<{kind: string}>}>(analyzed).anomalies.map((a) => a.kind)).toContain('rss_growth')
})
