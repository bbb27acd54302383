// A throwaway ClickHouse server for benchmarks (Debian's clickhouse-server): free loopback
// ports, config and data in a temp dir. The tests' helper (test/helpers/clickhouse-server.ts)
// is the full version (users with passwords, clusters, restarts); this is the minimum.
import {spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const {port} = s.address()
      s.close(() => resolve(port))
    })
  })
}

export async function startClickHouse() {
  const http = await freePort()
  const tcp = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'td-bench-clickhouse-'))
  mkdirSync(join(dir, 'data'))
  mkdirSync(join(dir, 'tmp'))
  writeFileSync(
    join(dir, 'config.xml'),
    `<?xml version="1.0"?><yandex><logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog><console>0</console></logger>
<http_port>${http}</http_port><tcp_port>${tcp}</tcp_port><listen_host>127.0.0.1</listen_host><path>${dir}/data/</path><tmp_path>${dir}/tmp/</tmp_path>
<users_config>${dir}/users.xml</users_config><default_profile>default</default_profile><default_database>default</default_database>
<mark_cache_size>268435456</mark_cache_size></yandex>`,
  )
  writeFileSync(
    join(dir, 'users.xml'),
    `<?xml version="1.0"?><yandex><profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
<users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users><quotas><default></default></quotas></yandex>`,
  )
  const child = spawn('/usr/sbin/clickhouse-server', [`--config-file=${join(dir, 'config.xml')}`], {cwd: dir, stdio: 'ignore'})
  const url = `http://127.0.0.1:${http}`
  for (let i = 0; ; i++) {
    if (await fetch(`${url}/ping`).then((r) => r.ok, () => false)) break
    if (i > 600 || child.exitCode !== null) throw new Error(`clickhouse-server did not start (see ${dir}/error.log)`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    tcp,
    async query(sql) {
      const r = await fetch(`${url}/?query=${encodeURIComponent(sql)}`, {method: 'POST'})
      const text = await r.text()
      if (!r.ok) throw new Error(text)
      return text
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
      rmSync(dir, {recursive: true, force: true})
    },
  }
}
