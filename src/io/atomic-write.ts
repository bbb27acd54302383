/**
 * Whole-file replacement that a crash cannot tear: write a temp file in the same directory,
 * fsync it, rename it over the target, fsync the directory (write-file-atomic's shape). Readers
 * see the old file or the new one, never a partial one.
 */
import {closeSync, openSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {open, rename, unlink} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {randomHex} from './random-hex.js'

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: {mode?: number} = {}): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomHex(4)}.tmp`)
  const handle = await open(tmp, 'wx', options.mode ?? 0o644)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (error) {
    await handle.close()
    await unlink(tmp).catch(() => undefined) // the temp file is ours and worthless: removing it loses nothing
    throw error
  }
  await handle.close()
  try {
    await rename(tmp, path)
  } catch (error) {
    await unlink(tmp).catch(() => undefined)
    throw error
  }
  await syncDir(dirname(path))
}

/** Makes a rename durable. Some filesystems refuse fsync on a directory; that is not an error. */
export async function syncDir(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // EINVAL/EISDIR on filesystems without directory fsync: durability is best effort there.
  } finally {
    await handle?.close()
  }
}

/**
 * writeFileAtomic without awaits and without fsync, for a writer that must finish before its next
 * synchronous step: the tracer rewrites its enrollment sidecar after an exec and only then
 * appends the row of the new program (tmpfs-trace.ts), all inside one timer callback. The rename
 * alone is atomic against the writer's death, which is what a tmpfs file must survive (tmpfs
 * does not survive a power loss, so an fsync buys nothing there and can block for long on a
 * disk-backed --tmpfs dir).
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: {mode?: number} = {}): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomHex(4)}.tmp`)
  const fd = openSync(tmp, 'wx', options.mode ?? 0o644)
  try {
    writeFileSync(fd, data)
  } catch (error) {
    closeSync(fd)
    rmSync(tmp, {force: true})
    throw error
  }
  closeSync(fd)
  try {
    renameSync(tmp, path)
  } catch (error) {
    rmSync(tmp, {force: true})
    throw error
  }
}
