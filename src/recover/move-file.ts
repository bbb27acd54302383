/**
 * Moving a rejected tmpfs file into quarantine without ever overwriting: a hard link (atomic,
 * fails if the name is taken) when on the same filesystem, else an exclusive copy that keeps the
 * mtime (so a wrong verdict can be undone by hand and still look like the original), then the
 * source is unlinked. Taken names get `.1`, `.2`, … appended.
 */
import {constants} from 'node:fs'
import {copyFile, link, mkdir, stat, unlink, utimes} from 'node:fs/promises'
import {join} from 'node:path'
import {errnoCode} from '../errors.js'

export async function moveFileNoClobber(src: string, destDir: string, name: string): Promise<string> {
  await mkdir(destDir, {recursive: true})
  for (let n = 0; n < 10_000; n++) {
    const dest = join(destDir, n === 0 ? name : `${name}.${n}`)
    try {
      await link(src, dest)
    } catch (error) {
      const code = errnoCode(error)
      if (code === 'EEXIST') continue
      if (code !== 'EXDEV' && code !== 'EPERM') throw error
      try {
        await copyFile(src, dest, constants.COPYFILE_EXCL)
      } catch (copyError) {
        if (errnoCode(copyError) === 'EEXIST') continue
        throw copyError
      }
      const s = await stat(src)
      await utimes(dest, s.atime, s.mtime)
    }
    await unlink(src)
    return dest
  }
  throw new Error(`${destDir}: no free name for ${name}`)
}
