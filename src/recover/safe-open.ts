/**
 * Opening files in a world-writable dir without following links: O_NOFOLLOW makes a symlink
 * fail with ELOOP, O_NONBLOCK keeps a FIFO planted in its place from hanging us, and the opened
 * file is checked again (fstat) to be a regular file owned by us.
 */
import {closeSync, constants, fstatSync, lstatSync, openSync, readSync} from 'node:fs'
import {errnoCode} from '../errors.js'
import type {FileFacts} from './facts.js'

const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK

export function lstatFacts(path: string): FileFacts {
  try {
    const s = lstatSync(path, {bigint: true})
    const kind = s.isSymbolicLink() ? 'symlink' : s.isFile() ? 'regular' : s.isDirectory() ? 'directory' : 'other'
    return {kind, uid: Number(s.uid), mtimeNs: s.mtimeNs, dev: Number(s.dev), ino: Number(s.ino)}
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return {kind: 'missing'}
    throw error
  }
}

/** Opens a regular file we own without following links; undefined when it is anything else. */
export function openOwnedRegular(path: string, uid: number): number | undefined {
  let fd: number
  try {
    fd = openSync(path, FLAGS)
  } catch {
    return undefined
  }
  const s = fstatSync(fd)
  if (!s.isFile() || s.uid !== uid) {
    closeSync(fd)
    return undefined
  }
  return fd
}

/** Why `path` cannot be opened for reading ("permission denied"), or undefined when it can. */
export function openFailure(path: string): string | undefined {
  try {
    closeSync(openSync(path, FLAGS))
    return undefined
  } catch (error) {
    const code = errnoCode(error)
    if (code === 'ENOENT') return undefined // vanished: the safety gate reports that from lstat
    return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? String(error))
  }
}

/** Reads at most `maxBytes` from the start of a file opened by openOwnedRegular. */
export function readHead(fd: number, maxBytes: number): Buffer {
  const buffer = Buffer.alloc(maxBytes)
  let total = 0
  while (total < maxBytes) {
    const n = readSync(fd, buffer, total, maxBytes - total, total)
    if (n === 0) break
    total += n
  }
  return buffer.subarray(0, total)
}
