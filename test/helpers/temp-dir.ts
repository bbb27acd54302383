import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach} from 'vitest'

const made: string[] = []

/** A fresh directory removed after the current test. */
export function tempDir(prefix = 'td-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

afterEach(() => {
  while (made.length > 0) rmSync(made.pop()!, {recursive: true, force: true})
})
