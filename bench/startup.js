#!/usr/bin/env node
// Start-up of every command on a small input, against bare `node -e 0` in the same run:
//
//   node bench/startup.js [--runs N] [--only checkout|installed]
//
// Two layouts: the checkout as the README runs it (`node bin/run.js …`, after `npm run build`),
// and the package as a user installs it (`npm pack`, then `npm install -g` of the tarball into a
// temp prefix; the `trace-doctor` shim on PATH). Each command and bare node run in turn, pair by
// pair, so that a machine whose speed drifts moves both; the ratio is the median of the pairs'
// ratios. Wall and CPU (user + sys of the child, from wait4's rusage) are measured by a small
// python3 runner, outside the measured processes. Target: every command ≤ 2.5× bare node.
//
// The CLI keeps V8's compiled code per command in the user's cache dir (src/cli/bundle-loader.ts);
// here that dir is a fresh one under the bench's temp dir, filled by each row's warm-up pair, so
// the gated figure is what every run but a command's very first one costs. The last column is
// that first run (no cache: NODE_DISABLE_COMPILE_CACHE=1), shown, not gated.
import {execFileSync, spawnSync} from 'node:child_process'
import {cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'
import {ROOT, table} from './lib/measure.js'

const TARGET = 2.5
const {values: opts} = parseArgs({options: {runs: {type: 'string', default: '10'}, only: {type: 'string'}}})
const runs = Number(opts.runs)

/** The small inputs: fixtures, a log dir with a few sessions, a tmpfs dir with crashed traces. */
function prepareInputs(dir) {
  const logDir = join(dir, 'logs')
  const shm = join(dir, 'shm')
  mkdirSync(shm)
  // Three crashed leftovers, finalized once by `recover` to fill the log dir; three more stay
  // for `recover --dry-run` to judge at every run.
  const trace = readdirSync(join(ROOT, 'fixtures/tmpfs/pty-wrapper'))
  for (const pid of [4_200_001, 4_200_002, 4_200_003]) {
    for (const name of trace) cpSync(join(ROOT, 'fixtures/tmpfs/pty-wrapper', name), join(shm, name.replace('4242', String(pid))))
  }
  const old = new Date(Date.now() - 3_600_000)
  for (const name of readdirSync(shm)) utimesSync(join(shm, name), old, old)
  execFileSync(process.execPath, [join(ROOT, 'bin/run.js'), 'recover', '--tmpfs', shm, '--log-dir', logDir], {stdio: 'ignore'})
  for (const pid of [4_200_004, 4_200_005, 4_200_006]) {
    for (const name of trace) cpSync(join(ROOT, 'fixtures/tmpfs/pty-wrapper', name), join(shm, name.replace('4242', String(pid))))
  }
  for (const name of readdirSync(shm)) utimesSync(join(shm, name), old, old)
  return {logDir, shm, session: join(ROOT, 'fixtures/sessions/healthy'), out: join(dir, 'report.html'), traceLogDir: join(dir, 'trace-logs'), traceShm: mkdtempSync(join(dir, 'trace-shm-'))}
}

function commandsFor(i) {
  return [
    ['--help', ['--help']],
    ['analyze SESSION --json', ['analyze', i.session, '--json']],
    ['report SESSION -o FILE', ['report', i.session, '-o', i.out]],
    ['issue SESSION --dry-run', ['issue', i.session, '--dry-run']],
    ['sessions', ['sessions', '--log-dir', i.logDir]],
    ['recover --dry-run (3 traces)', ['recover', '--tmpfs', i.shm, '--log-dir', i.logDir, '--dry-run']],
    ['trace -- true', ['trace', '--interval', '0.05', '--log-dir', i.traceLogDir, '--tmpfs', i.traceShm, '--', 'true']],
  ]
}

/** `npm pack` the checkout (its prepack builds), `npm install -g` the tarball into a temp prefix. */
function installPackage(dir) {
  const packDir = join(dir, 'pack')
  mkdirSync(packDir)
  const npm = (args) => execFileSync('npm', args, {cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
  const tarball = npm(['pack', '--silent', '--pack-destination', packDir]).trim().split('\n').at(-1)
  const prefix = join(dir, 'prefix')
  npm(['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(packDir, tarball)])
  return join(prefix, 'bin', 'trace-doctor')
}

// One python3 process runs every pair: spawn, wait4 (rusage of exactly that child), repeat.
const RUNNER = `
import json, os, sys, time
a, b, runs = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
def once(argv):
    devnull = os.open(os.devnull, os.O_RDWR)
    t = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, dict(os.environ), file_actions=[
        (os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t
    os.close(devnull)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("exit %d: %s" % (os.waitstatus_to_exitcode(status), " ".join(argv)))
    return [wall, ru.ru_utime + ru.ru_stime]
once(a); once(b)
print(json.dumps([[once(a), once(b)] for _ in range(runs)]))
`

function measurePairs(a, b, n, env = userEnv()) {
  const r = spawnSync('python3', ['-c', RUNNER, JSON.stringify(a), JSON.stringify(b), String(n)], {cwd: ROOT, encoding: 'utf8', env})
  if (r.status !== 0) throw new Error(`measuring ${a.join(' ')} failed: ${r.stderr}`)
  const pairs = JSON.parse(r.stdout)
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]
  return {
    wall: median(pairs.map(([x]) => x[0])),
    wallRatio: median(pairs.map(([x, y]) => x[0] / y[0])),
    cpuRatio: median(pairs.map(([x, y]) => x[1] / y[1])),
  }
}

/** No CI (progress bars are off anyway without a TTY), no NODE_OPTIONS from a test runner. */
let cacheHome
function userEnv(extra = {}) {
  const env = {...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome, ...extra}
  delete env.NODE_OPTIONS
  delete env.NODE_ENV
  return env
}

function main() {
  const work = mkdtempSync(join(tmpdir(), 'td-bench-startup-'))
  try {
    cacheHome = join(work, 'cache')
    const inputs = prepareInputs(work)
    const layouts = []
    if (opts.only !== 'installed') layouts.push({name: 'checkout', argv: [process.execPath, join(ROOT, 'bin/run.js')]})
    if (opts.only !== 'checkout') layouts.push({name: 'installed', argv: [installPackage(work)]})

    const rows = [['command', 'layout', 'wall', '× node (wall)', '× node (cpu)', `≤ ${TARGET}×`, 'first run: × node (wall)']]
    let failures = 0
    for (const layout of layouts) {
      for (const [label, args] of commandsFor(inputs)) {
        const r = measurePairs([...layout.argv, ...args], ['node', '-e', '0'], runs)
        const ok = r.wallRatio <= TARGET
        if (!ok) failures++
        const cold = measurePairs([...layout.argv, ...args], ['node', '-e', '0'], runs, userEnv({NODE_DISABLE_COMPILE_CACHE: '1'}))
        rows.push([label, layout.name, `${r.wall.toFixed(3)} s`, `${r.wallRatio.toFixed(2)}×`, `${r.cpuRatio.toFixed(2)}×`, ok ? 'yes' : 'NO', `${cold.wallRatio.toFixed(2)}×`])
      }
    }
    const node = measurePairs(['node', '-e', '0'], ['node', '-e', '0'], runs)
    console.log(`bare node -e 0: ${node.wall.toFixed(3)} s wall (median of ${runs}); each row: median of ${runs} pairs, after one warm-up pair`)
    console.log(table(rows))
    console.log(failures === 0 ? `every command within ${TARGET}× bare node` : `${failures} row(s) above ${TARGET}× bare node`)
  } finally {
    rmSync(work, {recursive: true, force: true})
  }
}

main()
