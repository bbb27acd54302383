/**
 * Writes a page the user asked for (`report -o PATH`, `sessions --html PATH`) without ever
 * destroying what is at PATH when it is not a file of ours to replace:
 *
 * - nothing there, or a regular file: write-then-rename (atomic-write.ts), readers never see half
 *   a page;
 * - a character device (`/dev/null`, `/dev/stdout` → a tty) or a FIFO with a reader: written
 *   into, in place. A rename would replace the device node or the FIFO with a regular file, which
 *   as root would break `/dev/null` for the whole machine;
 * - a FIFO with no reader: refused (waiting for a reader could hang forever);
 * - a symbolic link, a directory, a block device or a socket: refused, untouched.
 */
import {constants} from 'node:fs'
import {lstat, open} from 'node:fs/promises'
import {errnoCode, OutputWriteError} from '../errors.js'
import {writeFileAtomic} from './atomic-write.js'

export async function writeOutputFile(path: string, data: string): Promise<void> {
  let kind: string
  try {
    const s = await lstat(path)
    kind = s.isFile() ? 'file'
      : s.isSymbolicLink() ? 'symlink'
        : s.isDirectory() ? 'directory'
          : s.isCharacterDevice() ? 'char-device'
            : s.isFIFO() ? 'fifo'
              : s.isBlockDevice() ? 'block-device'
                : 'socket'
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error
    kind = 'missing'
  }
  switch (kind) {
    case 'missing':
    case 'file':
      return writeFileAtomic(path, data)
    case 'char-device':
    case 'fifo':
      return writeInPlace(path, data, kind === 'fifo')
    case 'symlink':
      throw new OutputWriteError(path, 'it is a symbolic link; give the path it points to (it is left as it is)')
    case 'directory':
      throw new OutputWriteError(path, 'it is a directory; give a file name')
    default:
      throw new OutputWriteError(path, `it is a ${kind.replace('-', ' ')}; refusing to write a page over it`)
  }
}

async function writeInPlace(path: string, data: string, isFifo: boolean): Promise<void> {
  // O_NOFOLLOW: it must still be the node we looked at, not a symlink swapped in since.
  const flags = constants.O_WRONLY | constants.O_NOFOLLOW
  let probe
  if (isFifo) {
    try {
      // Non-blocking open of a FIFO fails with ENXIO at once when nobody reads it.
      probe = await open(path, flags | constants.O_NONBLOCK)
    } catch (error) {
      if (errnoCode(error) === 'ENXIO') throw new OutputWriteError(path, 'it is a FIFO with no reader; start the reader first (the FIFO is left as it is)', error)
      throw error
    }
  }
  try {
    const handle = await open(path, flags) // blocking writes; a FIFO with a reader opens at once
    try {
      await handle.writeFile(data)
    } finally {
      await handle.close()
    }
  } finally {
    await probe?.close()
  }
}
