/**
 * Whether a process image is the workload called NAME, and by what (pure). A CLI is rarely the
 * binary its name says: npm installs `claude` as a `#!/usr/bin/env node` script, so the running
 * process is `node /usr/local/bin/claude` (comm "node"); pyenv's `python3` is a bash shim that
 * execs the real interpreter. NAME matches, in this order:
 *
 *   comm            /proc/PID/comm (15 bytes kept: a longer NAME matches its truncation)
 *   exe             basename of /proc/PID/exe
 *   argv0           basename of argv[0]
 *   script          the script or module an interpreter runs: `node /usr/local/bin/claude` is
 *                   claude, `python3 -m tool` is tool, `bash script.sh` is script.sh (also
 *                   without its extension: `python3 tool.py` is tool)
 */
import {basename} from 'node:path'

export const MATCH_KINDS = ['comm', 'exe', 'argv0', 'script'] as const
export type MatchKind = (typeof MATCH_KINDS)[number]

/** The parts of a process image the match looks at. */
export interface ImageNames {
  comm: string
  cmdline: readonly string[]
  /** basename of /proc/PID/exe, when readable. */
  exeName?: string | undefined
}

/** The kernel keeps 15 bytes of a comm (TASK_COMM_LEN - 1). */
const COMM_BYTES = 15

/** How `name` matches the image, or undefined when it does not. */
export function matchImage(image: ImageNames, name: string): MatchKind | undefined {
  if (name === '') return undefined
  if (image.comm === name || isTruncatedComm(image.comm, name)) return 'comm'
  if (image.exeName === name) return 'exe'
  const argv0 = image.cmdline[0]
  if (argv0 !== undefined && argv0 !== '' && basename(argv0) === name) return 'argv0'
  const script = interpreterScript(image)
  if (script !== undefined && (script === name || stripExtension(script) === name)) return 'script'
  return undefined
}

/** The first of `names` that matches, with how. */
export function matchAny(image: ImageNames, names: readonly string[]): {name: string; by: MatchKind} | undefined {
  for (const name of names) {
    const by = matchImage(image, name)
    if (by !== undefined) return {name, by}
  }
  return undefined
}

function isTruncatedComm(comm: string, name: string): boolean {
  return Buffer.byteLength(name) > COMM_BYTES && comm !== '' && comm === Buffer.from(name).subarray(0, COMM_BYTES).toString()
}

function stripExtension(name: string): string {
  return name.replace(/\.(py|js|mjs|cjs|ts|mts|sh|bash|rb|pl|php)$/, '')
}

type Interpreter = 'node' | 'python' | 'shell' | 'ruby' | 'perl' | 'php'

/** Which interpreter family a program name is (`python3.11`, `nodejs`, `dash` …). */
export function interpreterOf(program: string | undefined): Interpreter | undefined {
  if (program === undefined) return undefined
  if (/^(node|nodejs)$/.test(program)) return 'node'
  if (/^(python|pypy)(\d+(\.\d+)*)?$/.test(program)) return 'python'
  if (/^(sh|bash|dash|zsh|ksh|mksh|ash)$/.test(program)) return 'shell'
  if (/^ruby(\d+(\.\d+)*)?$/.test(program)) return 'ruby'
  if (/^perl(\d+(\.\d+)*)?$/.test(program)) return 'perl'
  if (/^php(\d+(\.\d+)*)?$/.test(program)) return 'php'
  return undefined
}

/** Options that take the next argument as their value, per interpreter. */
const VALUE_OPTIONS: Record<Interpreter, ReadonlySet<string>> = {
  node: new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--conditions', '-C', '--env-file', '--title', '--input-type']),
  python: new Set(['-W', '-X', '-Q']),
  shell: new Set(['-o', '+o', '-O', '+O']),
  ruby: new Set(['-I', '-r', '-C', '-E']),
  perl: new Set(['-I', '-M', '-m']),
  php: new Set(['-c', '-d', '-z']),
}

/** Options after which there is no script (the program is inline). */
const INLINE_OPTIONS: Record<Interpreter, ReadonlySet<string>> = {
  node: new Set(['-e', '--eval', '-p', '--print']),
  python: new Set(['-c']),
  shell: new Set(['-c']),
  ruby: new Set(['-e']),
  perl: new Set(['-e', '-E']),
  php: new Set(['-r']),
}

/**
 * The basename of the script (or python module) an interpreter image runs, or undefined when the
 * image is no interpreter or runs inline code, a REPL or stdin.
 */
export function interpreterScript(image: ImageNames): string | undefined {
  const argv = image.cmdline
  const kind = interpreterOf(image.exeName) ?? interpreterOf(basename(argv[0] ?? '')) ?? interpreterOf(image.comm)
  if (kind === undefined) return undefined
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') return scriptName(argv[i + 1])
    if (arg === '-' || arg === '') return undefined
    if (!arg.startsWith('-') && !(kind === 'shell' && arg.startsWith('+'))) return scriptName(arg)
    if (INLINE_OPTIONS[kind].has(arg)) return undefined
    if (kind === 'python' && arg === '-m') return moduleName(argv[i + 1])
    if (kind === 'python' && /^-[A-Za-z]*m.+/.test(arg) && !arg.startsWith('--')) return moduleName(arg.slice(arg.indexOf('m') + 1))
    if (kind === 'python' && /^-[A-Za-z]*c/.test(arg) && !arg.startsWith('--')) return undefined
    if (VALUE_OPTIONS[kind].has(arg)) i++
  }
  return undefined
}

function scriptName(arg: string | undefined): string | undefined {
  return arg === undefined || arg === '' || arg === '-' ? undefined : basename(arg)
}

/** `python3 -m pip` runs the module pip (a dotted module is matched whole: `pkg.tool`). */
function moduleName(arg: string | undefined): string | undefined {
  return arg === undefined || arg === '' ? undefined : arg
}
