/**
 * The boundaries the layout promises (README "Where things live"), checked on the sources:
 * only src/cli and commands/ know oclif; the pure folders do no I/O; src/ never prints.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {describe, expect, it} from 'vitest'
import {PROJECT_ROOT} from './helpers/cli.js'

function sources(dir: string): string[] {
  return readdirSync(join(PROJECT_ROOT, dir), {withFileTypes: true, recursive: true})
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(PROJECT_ROOT, join(e.parentPath, e.name)))
}

const offenders = (files: string[], pattern: RegExp) => files.filter((f) => pattern.test(readFileSync(join(PROJECT_ROOT, f), 'utf8')))

describe('architecture', () => {
  it('only src/cli and commands/ import @oclif/core', () => {
    expect(offenders(sources('src').filter((f) => !f.startsWith('src/cli/')), /from '@oclif\/core(\/[^']*)?'/)).toEqual([])
  })

  it('the pure folders (model, analyze, report, redact, render, recover/gates) do no I/O', () => {
    const pure = ['src/model', 'src/analyze', 'src/report', 'src/redact', 'src/render', 'src/recover/gates'].flatMap(sources)
    expect(pure.length).toBeGreaterThan(20)
    expect(offenders(pure, /from 'node:(fs|fs\/promises|child_process|net|http|https|worker_threads)'/)).toEqual([])
  })

  it('src/ never prints: output belongs to commands', () => {
    expect(offenders(sources('src'), /\bconsole\.(log|error|warn|info)\(/)).toEqual([])
  })

  it('every command extends BaseCommand (one --json contract, one error policy)', () => {
    const commands = sources('commands')
    expect(commands.length).toBe(6)
    expect(commands.filter((f) => !/extends BaseCommand\b/.test(readFileSync(join(PROJECT_ROOT, f), 'utf8')))).toEqual([])
  })
})
