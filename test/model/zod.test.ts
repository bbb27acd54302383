/**
 * The formats use zod/mini through one module (src/model/zod.ts): English messages, schemas built
 * on first use, and no classic zod anywhere in the product (it cost ~40 ms of every start).
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {SkippedLineSchema} from '../../src/model/skipped-line.js'
import {SnapshotSchema} from '../../src/model/snapshot.js'
import * as z from '../../src/model/zod.js'
import {PROJECT_ROOT} from '../helpers/cli.js'

function sources(dir: string): string[] {
  return readdirSync(join(PROJECT_ROOT, dir), {recursive: true, encoding: 'utf8'})
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f))
}

describe('zod in the formats', () => {
  it('is imported only by src/model/zod.ts, and only as zod/mini and its English locale', () => {
    const importers = [...sources('src'), ...sources('commands')].filter((f) => /from 'zod(\/[^']*)?'/.test(readFileSync(join(PROJECT_ROOT, f), 'utf8')))
    expect(importers).toEqual(['src/model/zod.ts'])
    const specifiers = [...readFileSync(join(PROJECT_ROOT, 'src/model/zod.ts'), 'utf8').matchAll(/from '(zod[^']*)'/g)].map((m) => m[1])
    expect(specifiers.sort()).toEqual(['zod/mini', 'zod/mini', 'zod/v4/locales/en.js'])
  })

  it('speaks English: a user reads what was expected and what was found', () => {
    const parsed = SkippedLineSchema.safeParse({line: 'x', reason: 'torn'})
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.message).toBe('Invalid input: expected number, received string')
    expect(SnapshotSchema.safeParse({sig_pnd: 'zz'}).error?.issues.find((i) => i.path[0] === 'sig_pnd')?.message).toBe('a 16-hex-digit signal mask')
  })

  it('builds a lazily schema on first use only, then behaves as the schema itself, nested too', () => {
    let builds = 0
    const Lazy = z.lazily(() => {
      builds++
      return z.object({n: z.int()})
    })
    const Outer = z.lazily(() => z.object({inner: z.optional(Lazy)}))
    expect(builds).toBe(0)
    expect(Outer.safeParse({inner: {n: 1}}).success).toBe(true)
    expect(Outer.safeParse({inner: {n: 1.5}}).success).toBe(false)
    expect(Lazy.parse({n: 2, extra: true})).toEqual({n: 2})
    expect(Lazy.shape.n).toBeDefined()
    expect(Lazy instanceof z.ZodMiniObject).toBe(true)
    expect(z.extend(Lazy, {m: z.string()}).safeParse({n: 1, m: 'x'}).success).toBe(true)
    expect(builds).toBe(1)
  })
})
