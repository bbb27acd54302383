/**
 * The boundaries the layout promises (README "Where things live"), checked on the sources:
 * which folder may import which (LAYERS); only src/cli and commands/ know oclif; the pure
 * folders do no I/O; src/ never prints.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join, relative} from 'node:path'
import {describe, expect, it} from 'vitest'
import {PROJECT_ROOT} from './helpers/cli.js'

function sources(dir: string): string[] {
  return readdirSync(join(PROJECT_ROOT, dir), {withFileTypes: true, recursive: true})
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(PROJECT_ROOT, join(e.parentPath, e.name)))
}

/**
 * Which src/ folder may import which other (its own files always). Lower layers first; the table
 * must stay acyclic, which the test checks too, so "allow both ways" is never a fix. A folder
 * missing here fails the test: a new folder has to say where it sits.
 * `errors` is src/errors.ts; `commands` is the top-level commands/ dir.
 */
export const LAYERS: Record<string, readonly string[]> = {
  errors: [],
  model: ['errors'], // zod schemas: the formats themselves, no code above them
  io: ['errors', 'model'], // NDJSON reader, Python-style JSON writer, atomic writes
  procfs: ['errors', 'model'],
  tracefs: ['errors', 'model'], // signal-sender: trace_pipe parser (pure) and the instance's files
  redact: ['errors', 'model'],
  analyze: ['errors', 'model'], // pure: no io/ (the serializer is not a math library), no input/
  death: ['errors', 'model', 'procfs', 'redact'], // cause of death: kernel log/cgroup parsers (pure), readers, the verdict
  render: ['errors', 'model', 'analyze', 'death'], // terminal text, pure
  report: ['errors', 'model', 'analyze', 'io', 'death'], // pure Markdown; io/ for py-json (pure) only
  store: ['errors', 'model', 'io', 'procfs', 'analyze', 'render'], // render/: the sessions table
  input: ['errors', 'model', 'io', 'store', 'analyze'],
  recover: ['errors', 'model', 'io', 'procfs', 'store', 'analyze', 'render', 'tracefs', 'death'],
  trace: ['errors', 'model', 'io', 'procfs', 'store', 'analyze', 'tracefs', 'death'],
  session: ['errors', 'model', 'io', 'store', 'analyze', 'redact', 'report'],
  github: ['errors', 'model', 'io', 'store', 'report'],
  html: ['errors', 'model', 'io', 'store', 'analyze', 'input', 'render', 'redact', 'report', 'death'],
  fleet: ['errors', 'model', 'io', 'store'], // ship to ClickHouse and the fleet queries: I/O over the store
  cli: ['errors', 'model'],
  index: ['errors', 'model', 'io', 'analyze', 'input'], // src/index.ts, the library entry: no cli, no commands
  commands: ['errors', 'model', 'io', 'procfs', 'tracefs', 'death', 'redact', 'analyze', 'render', 'report', 'store', 'input', 'recover', 'trace', 'session', 'github', 'html', 'cli', 'fleet'],
}

/** The layer of a source file: its folder under src/, `errors`, or `commands`. */
function layerOf(file: string): string {
  if (file === 'src/errors.ts' || file === 'src/errors.js') return 'errors'
  const [top, folder] = file.split('/')
  return top === 'commands' ? 'commands' : folder!.replace(/\.[jt]s$/, '')
}

/**
 * Relative imports of a file (static, `export … from`, `import type`, dynamic), resolved from the
 * root. `runtimeOnly` leaves out `import type`/`export type` (erased: no load order to break).
 */
export function relativeImports(file: string, text: string, runtimeOnly = false): string[] {
  const text2 = runtimeOnly ? text.replace(/\b(?:import|export) type\b[^;'"]*?from\s*['"][^'"]+['"]/g, '') : text
  const found = [...text2.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!)
  return found.map((spec) => relative(PROJECT_ROOT, join(PROJECT_ROOT, dirname(file), spec)))
}

/** Imports that cross layers against LAYERS, as "file → target (layer → layer)". */
export function layerViolations(files: ReadonlyArray<{file: string; text: string}>): string[] {
  const bad: string[] = []
  for (const {file, text} of files) {
    const from = layerOf(file)
    for (const target of relativeImports(file, text)) {
      const to = layerOf(target)
      if (to === from) continue
      const allowed = LAYERS[from]
      if (allowed === undefined) bad.push(`${file}: folder "${from}" is not in LAYERS`)
      else if (!allowed.includes(to)) bad.push(`${file} → ${target} (${from} may not import ${to})`)
    }
  }
  return bad
}

const read = (f: string) => ({file: f, text: readFileSync(join(PROJECT_ROOT, f), 'utf8')})

const offenders = (files: string[], pattern: RegExp) => files.filter((f) => pattern.test(readFileSync(join(PROJECT_ROOT, f), 'utf8')))

describe('architecture', () => {
  it('every import between folders follows the layer table', () => {
    const files = [...sources('src'), ...sources('commands')].map(read)
    expect(files.length).toBeGreaterThan(100)
    expect(layerViolations(files)).toEqual([])
  })

  it('the layer table is acyclic and names only known layers', () => {
    const state = new Map<string, 'visiting' | 'done'>()
    const visit = (layer: string, path: string[]): void => {
      expect(LAYERS[layer], `unknown layer ${layer} in ${path.join(' → ')}`).toBeDefined()
      if (state.get(layer) === 'done') return
      expect(state.get(layer), `cycle: ${[...path, layer].join(' → ')}`).not.toBe('visiting')
      state.set(layer, 'visiting')
      for (const next of LAYERS[layer]!) visit(next, [...path, layer])
      state.set(layer, 'done')
    }
    for (const layer of Object.keys(LAYERS)) visit(layer, [])
  })

  it('catches a forbidden import of every kind (the check itself can fail)', () => {
    const fake = (file: string, text: string) => layerViolations([{file, text}])
    expect(fake('src/analyze/x.ts', "import {roundTo} from '../io/py-json.js'")).toEqual([
      'src/analyze/x.ts → src/io/py-json.js (analyze may not import io)',
    ])
    expect(fake('src/analyze/x.ts', "import type {A} from '../input/analyze-input.js'")).toHaveLength(1)
    expect(fake('src/model/x.ts', "export {x} from '../store/layout.js'")).toHaveLength(1)
    expect(fake('src/report/x.ts', "const m = await import('../session/load-session.js')")).toHaveLength(1)
    expect(fake('src/newfolder/x.ts', "import {x} from '../model/snapshot.js'")).toEqual(['src/newfolder/x.ts: folder "newfolder" is not in LAYERS'])
    expect(fake('src/analyze/detectors/x.ts', "import {roundTo} from '../round.js'")).toEqual([])
    expect(fake('src/store/x.ts', "import {errnoCode} from '../errors.js'")).toEqual([])
  })

  it('no module loads itself back through a cycle of files (type-only imports are erased)', () => {
    const files = new Map([...sources('src'), ...sources('commands')].map((f) => [f.replace(/\.ts$/, '.js'), read(f).text]))
    const edges = (f: string) => relativeImports(f, files.get(f) ?? '', true).filter((t) => files.has(t))
    const state = new Map<string, 'visiting' | 'done'>()
    const cycles: string[] = []
    const visit = (f: string, path: string[]): void => {
      if (state.get(f) === 'done') return
      if (state.get(f) === 'visiting') return void cycles.push([...path.slice(path.indexOf(f)), f].join(' → '))
      state.set(f, 'visiting')
      for (const t of edges(f)) visit(t, [...path, f])
      state.set(f, 'done')
    }
    for (const f of files.keys()) visit(f, [])
    expect(cycles).toEqual([])
  })

  it('only src/cli and commands/ import @oclif/core', () => {
    expect(offenders(sources('src').filter((f) => !f.startsWith('src/cli/')), /from '@oclif\/core(\/[^']*)?'/)).toEqual([])
  })

  it('the pure folders (model, analyze, report, redact, render, recover/gates) do no I/O', () => {
    // src/death: everything but its readers (read-*, memory-cgroup's find/read, death-enrollment, assess-death)
    const deathPure = sources('src/death').filter((f) => !/\/(read-[^/]*|memory-cgroup|death-enrollment|assess-death)\.ts$/.test(f))
    const pure = [...['src/model', 'src/analyze', 'src/report', 'src/redact', 'src/render', 'src/recover/gates'].flatMap(sources), ...deathPure]
    expect(pure.length).toBeGreaterThan(20)
    expect(offenders(pure, /from 'node:(fs|fs\/promises|child_process|net|http|https|worker_threads)'/)).toEqual([])
  })

  it('src/ never prints: output belongs to commands', () => {
    expect(offenders(sources('src'), /\bconsole\.(log|error|warn|info)\(/)).toEqual([])
  })

  it('every command extends BaseCommand (one --json contract, one error policy)', () => {
    const commands = sources('commands')
    expect(commands.length).toBe(7)
    expect(commands.filter((f) => !/extends BaseCommand\b/.test(readFileSync(join(PROJECT_ROOT, f), 'utf8')))).toEqual([])
  })
})
