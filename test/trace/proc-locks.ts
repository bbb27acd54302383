import {readFileSync, statSync} from 'node:fs'

/** Whether /proc/locks lists a FLOCK WRITE lock on `path`'s dev:inode (as `recover` checks liveness). */
export function hasFlock(path: string): boolean {
  // glibc's gnu_dev_major/minor; /proc/locks prints major:minor in hex, the inode in decimal.
  const {dev, ino} = statSync(path, {bigint: true})
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn)
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn)
  const id = `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}:${ino}`
  return readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .some((line) => line.includes(' FLOCK ') && line.includes(' WRITE ') && line.split(/\s+/).includes(id))
}
