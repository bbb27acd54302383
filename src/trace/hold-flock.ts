/**
 * An exclusive flock(2) on an open file, without a native addon.
 *
 * flock locks belong to the open file description, not to a process: `/usr/bin/flock -x -n 3`
 * run with our fd as its fd 3 locks the description we share, exits, and the lock stays for as
 * long as we keep the fd open. The kernel drops it when the last fd closes, which includes our
 * death by SIGKILL, so `recover` can tell a live tracer's file (listed in /proc/locks by
 * dev:inode) from a dead one's without trusting pids or mtimes.
 */
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'

export const FLOCK_BINARY = '/usr/bin/flock'

export type FlockResult = {locked: true} | {locked: false; reason: 'missing' | 'held' | 'failed'; detail: string}

export function holdExclusiveFlock(fd: number, binary = FLOCK_BINARY): FlockResult {
  if (!existsSync(binary)) return {locked: false, reason: 'missing', detail: `${binary} not found (util-linux)`}
  const result = spawnSync(binary, ['-x', '-n', '3'], {stdio: ['ignore', 'ignore', 'pipe', fd], timeout: 5000})
  if (result.status === 0) return {locked: true}
  // flock -n exits 1 when the lock is held elsewhere.
  if (result.status === 1) return {locked: false, reason: 'held', detail: 'another process holds the lock'}
  const stderr = result.stderr?.toString().trim() ?? ''
  return {locked: false, reason: 'failed', detail: result.error?.message ?? (stderr || `flock exited ${result.status}`)}
}
