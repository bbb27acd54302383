/**
 * Runs once before every test file. The fleet tests start real ClickHouse servers, Debian's
 * `clickhouse-server` 18.16; on a fresh machine that has only Node, it is installed here (as
 * `.ci/run` does), so the README's test command needs no manual step. Without root or apt-get
 * nothing is installed, and the fleet tests then fail with the command to run: never skipped.
 */
import {execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {CLICKHOUSE_SERVER} from './helpers/clickhouse-server.js'

const CLICKHOUSE_PACKAGES = ['clickhouse-server', 'clickhouse-client']

function onPath(name: string): boolean {
  return (process.env['PATH'] ?? '').split(':').some((dir) => dir !== '' && existsSync(`${dir}/${name}`))
}

export default function setup(): void {
  if (existsSync(CLICKHOUSE_SERVER) && onPath('clickhouse-client')) return
  if (process.getuid?.() !== 0 || !onPath('apt-get')) return
  process.stderr.write(`test set-up: installing ${CLICKHOUSE_PACKAGES.join(' ')} from Debian for the fleet tests\n`)
  const apt = (args: string[]) => execFileSync('apt-get', args, {stdio: ['ignore', 'ignore', 'inherit'], env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'}, timeout: 600_000})
  apt(['update', '-qq'])
  apt(['install', '-y', '-qq', '--no-install-recommends', ...CLICKHOUSE_PACKAGES])
}
