/**
 * tracefs for tests: mounted at /sys/kernel/tracing when it is not, and left as it was found.
 * Several test processes (of this and other suites) may use it at once, so the unmount is
 * reference-safe: each user registers its pid in a shared dir; the last one to leave unmounts,
 * only if a test mounted it (a marker file says so) and no instance of anyone remains.
 */
import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

export const TRACEFS = '/sys/kernel/tracing'
const USERS = '/tmp/trace-doctor-test-tracefs-users'
const MOUNTED_BY_TESTS = join(USERS, 'mounted-by-tests')

const isMounted = (): boolean => existsSync(join(TRACEFS, 'instances'))

/** True when tracefs is usable (root, mounted now or by us). */
export function acquireTracefs(): boolean {
  if (process.getuid?.() !== 0) return false
  mkdirSync(USERS, {recursive: true})
  writeFileSync(join(USERS, String(process.pid)), '')
  if (!isMounted()) {
    try {
      execFileSync('mount', ['-t', 'tracefs', 'nodev', TRACEFS], {stdio: 'ignore'})
      writeFileSync(MOUNTED_BY_TESTS, String(process.pid))
    } catch {
      releaseTracefs()
      return false
    }
  }
  return isMounted()
}

export function releaseTracefs(): void {
  rmSync(join(USERS, String(process.pid)), {force: true})
  const others = (existsSync(USERS) ? readdirSync(USERS) : []).filter((n) => /^\d+$/.test(n) && existsSync(`/proc/${n}`))
  if (others.length > 0 || !existsSync(MOUNTED_BY_TESTS) || !isMounted()) return
  if (readdirSync(join(TRACEFS, 'instances')).length > 0) return
  try {
    execFileSync('umount', [TRACEFS], {stdio: 'ignore'})
    rmSync(MOUNTED_BY_TESTS, {force: true})
  } catch {
    // busy (someone opened it meanwhile): leave it mounted rather than break them
  }
}

/** trace-doctor instances of one tracer pid. */
export function instancesOf(tracerPid: number): string[] {
  return isMounted() ? readdirSync(join(TRACEFS, 'instances')).filter((n) => n.startsWith(`trace-doctor-${tracerPid}-`)) : []
}
