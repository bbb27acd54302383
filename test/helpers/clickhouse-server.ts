/**
 * A real ClickHouse server for tests (Debian's `clickhouse-server`, 18.16 here; `.ci/run`
 * installs it): its own free loopback ports, config, users and data in a temp dir, stopped and
 * removed afterwards. Two users: `default` with no password and `shipper` with PASSWORD, so
 * tests can check that a wrong password is refused.
 *
 * `cluster` adds a `remote_servers` section naming other servers as shards, so a Distributed
 * table can span them (each server lists every shard, itself included).
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export const CLICKHOUSE_SERVER = '/usr/sbin/clickhouse-server'
export const SHIPPER_USER = 'shipper'
export const SHIPPER_PASSWORD = 'fleet-test-secret'

export interface ClickHousePorts {
  http: number
  tcp: number
}

export interface ClickHouseServer {
  ports: ClickHousePorts
  dir: string
  /** http://127.0.0.1:PORT (user default, no password). */
  url: string
  /** The same server as the password user, credentials in the URL. */
  shipperUrl: string
  /** Kills the server (SIGKILL: a crash) and leaves its data. */
  kill(): Promise<void>
  /** Starts it again on the same ports and data. */
  restart(): Promise<void>
  /** Stops it and removes its dir. */
  stop(): Promise<void>
}

/** Throws with what to install when the server binary is missing: CI must not skip silently. */
export function requireClickHouse(): void {
  if (!existsSync(CLICKHOUSE_SERVER)) {
    throw new Error(`${CLICKHOUSE_SERVER} is missing: apt-get install clickhouse-server clickhouse-client (.ci/run does)`)
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export async function freePorts(): Promise<ClickHousePorts> {
  return {http: await freePort(), tcp: await freePort()}
}

export async function startClickHouse(options: {ports?: ClickHousePorts; cluster?: {name: string; shards: ClickHousePorts[]}} = {}): Promise<ClickHouseServer> {
  requireClickHouse()
  const ports = options.ports ?? (await freePorts())
  const dir = await mkdtemp(join(tmpdir(), 'td-clickhouse-'))
  await mkdir(join(dir, 'data'))
  await mkdir(join(dir, 'tmp'))
  const remote =
    options.cluster === undefined
      ? ''
      : `<remote_servers><${options.cluster.name}>${options.cluster.shards
          .map((s) => `<shard><replica><host>127.0.0.1</host><port>${s.tcp}</port></replica></shard>`)
          .join('')}</${options.cluster.name}></remote_servers>`
  await writeFile(
    join(dir, 'config.xml'),
    `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog><console>0</console></logger>
  <http_port>${ports.http}</http_port>
  <tcp_port>${ports.tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  ${remote}
</yandex>
`,
  )
  await writeFile(
    join(dir, 'users.xml'),
    `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
    <${SHIPPER_USER}><password>${SHIPPER_PASSWORD}</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></${SHIPPER_USER}>
  </users>
  <quotas><default></default></quotas>
</yandex>
`,
  )
  let child: ChildProcess | undefined
  const url = `http://127.0.0.1:${ports.http}`
  const launch = async (): Promise<void> => {
    child = spawn(CLICKHOUSE_SERVER, [`--config-file=${join(dir, 'config.xml')}`], {cwd: dir, stdio: ['ignore', 'ignore', 'pipe']})
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString()
    })
    const started = child
    const deadline = Date.now() + 60_000
    for (;;) {
      if (started.exitCode !== null || started.signalCode !== null) throw new Error(`clickhouse-server exited (${started.exitCode ?? started.signalCode}): ${stderr.trim()}`)
      const ok = await fetch(`${url}/ping`).then((r) => r.ok, () => false)
      if (ok) return
      if (Date.now() > deadline) throw new Error(`clickhouse-server did not answer on ${url} within 60 s: ${stderr.trim()}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child
    child = undefined
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
    running.kill(signal)
    const timer = setTimeout(() => running.kill('SIGKILL'), 15_000)
    await exited
    clearTimeout(timer)
  }
  try {
    await launch()
  } catch (error) {
    await halt('SIGKILL')
    await rm(dir, {recursive: true, force: true})
    throw error
  }
  return {
    ports,
    dir,
    url,
    shipperUrl: `http://${SHIPPER_USER}:${SHIPPER_PASSWORD}@127.0.0.1:${ports.http}`,
    kill: () => halt('SIGKILL'),
    restart: launch,
    stop: async () => {
      await halt('SIGTERM')
      await rm(dir, {recursive: true, force: true})
    },
  }
}

/** Runs one SQL statement over HTTP and returns the body (for checks from the test side). */
export async function queryText(server: {url: string}, sql: string): Promise<string> {
  const response = await fetch(`${server.url}/?query=${encodeURIComponent(sql)}`, {method: 'POST'})
  const text = await response.text()
  if (!response.ok) throw new Error(`ClickHouse ${response.status}: ${text.trim()}`)
  return text
}
