/**
 * The names a command's workload may show (pure). `env VAR=1 tool`, `nohup tool` and
 * `sh -c 'exec tool'` exec `tool` in the same process within milliseconds: under a PTY wrapper the
 * resolver polls every 50 ms and would rarely catch the `env` or `sh` image, so it also looks
 * for the program those launchers run. Only launchers that exec (never fork) are unwrapped, and a
 * `-c` script only when it is one simple command: `sh -c 'a; b'` is the shell's own work.
 */
import {basename} from 'node:path'

/** [basename of CMD's program, then the program each exec-launcher in front of it runs]. */
export function workloadNames(command: readonly string[]): string[] {
  const names: string[] = []
  let argv: readonly string[] | undefined = command
  for (let depth = 0; argv !== undefined && argv.length > 0 && depth < 8; depth++) {
    const name = basename(argv[0]!)
    if (name === '' || names.includes(name)) break
    names.push(name)
    argv = unwrap(name, argv.slice(1))
  }
  return names
}

/** The argv a launcher named `name` execs, or undefined when it is not one (or it cannot be told). */
function unwrap(name: string, args: readonly string[]): readonly string[] | undefined {
  switch (name) {
    case 'env':
      return afterEnvOptions(args)
    case 'nohup':
      return args[0] === '--' ? args.slice(1) : args
    case 'setsid':
      return skipFlags(args, new Set(['-c', '-f', '-w', '--ctty', '--fork', '--wait']))
    case 'nice':
      return skipFlags(args, new Set(), new Set(['-n', '--adjustment']))
    case 'stdbuf':
      return skipFlags(args, new Set(), new Set(['-i', '-o', '-e']), /^-[ioe]./)
    case 'sh':
    case 'bash':
    case 'dash':
    case 'zsh':
    case 'ksh':
      return shellCommand(args)
    default:
      return undefined
  }
}

function afterEnvOptions(args: readonly string[]): readonly string[] | undefined {
  let i = 0
  while (i < args.length) {
    const arg = args[i]!
    if (arg === '--') return args.slice(i + 1)
    if (arg === '-u' || arg === '--unset' || arg === '-C' || arg === '--chdir') i += 2
    else if (arg.startsWith('-') || /^[^=/]+=/.test(arg)) i++
    else return args.slice(i)
  }
  return undefined
}

function skipFlags(args: readonly string[], flags: ReadonlySet<string>, valued = new Set<string>(), attached?: RegExp): readonly string[] | undefined {
  let i = 0
  while (i < args.length) {
    const arg = args[i]!
    if (arg === '--') return args.slice(i + 1)
    if (valued.has(arg)) i += 2
    else if (flags.has(arg) || attached?.test(arg) || /^-\w*=/.test(arg) || /^-\d+$/.test(arg) || /^--\w[\w-]*=/.test(arg)) i++
    else return args.slice(i)
  }
  return undefined
}

/** `-c 'exec tool --flag'` or `-c 'tool --flag'`: the words of a single simple command. */
function shellCommand(args: readonly string[]): readonly string[] | undefined {
  if (args[0] !== '-c' || args[1] === undefined) return undefined
  const words = splitSimpleCommand(args[1])
  if (words === undefined) return undefined
  let i = 0
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++ // VAR=value prefixes
  if (words[i] === 'exec') i++
  return words.length > i ? words.slice(i) : undefined
}

/**
 * Splits a shell command into words with POSIX quoting; undefined for anything beyond one
 * simple command (operators, redirections, expansions, subshells), which is not unwrapped.
 */
export function splitSimpleCommand(text: string): string[] | undefined {
  const words: string[] = []
  let word = ''
  let inWord = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === "'") {
      const end = text.indexOf("'", i + 1)
      if (end < 0) return undefined
      word += text.slice(i + 1, end)
      inWord = true
      i = end
    } else if (c === '"') {
      let j = i + 1
      for (; j < text.length && text[j] !== '"'; j++) {
        if ('$`'.includes(text[j]!)) return undefined
        if (text[j] === '\\' && j + 1 < text.length) j++
        word += text[j]
      }
      if (j >= text.length) return undefined
      inWord = true
      i = j
    } else if (c === '\\') {
      if (i + 1 >= text.length) return undefined
      word += text[++i]
      inWord = true
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else if (';&|<>()$`\n*?[{}~#'.includes(c)) {
      return undefined
    } else {
      word += c
      inWord = true
    }
  }
  if (inWord) words.push(word)
  return words
}
