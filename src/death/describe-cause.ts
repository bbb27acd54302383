/**
 * One short phrase for a cause of death, the same in the terminal, the HTML report and GitHub
 * issues ("OOM-killed (cgroup memory limit, SIGKILL)", "crashed: SIGSEGV in libc.so.6"). Pure.
 */
import type {CauseOfDeath} from '../model/cause-of-death.js'
import {parseFault} from './parse-fault-record.js'

const CONSTRAINT_TEXT: Record<string, string> = {
  cgroup: 'cgroup memory limit',
  global: 'the machine ran out of memory',
  cpuset: 'cpuset memory',
  mempolicy: 'NUMA memory policy',
}

export function describeCause(c: CauseOfDeath): string {
  switch (c.verdict) {
    case 'oom_killed':
      return `OOM-killed (${[c.constraint ? CONSTRAINT_TEXT[c.constraint] : undefined, c.signal].filter(Boolean).join(', ')})`
    case 'crashed': {
      const library = faultingLibrary(c)
      return `crashed: ${c.signal ?? 'fatal signal'}${library ? ` in ${library}` : ''}${c.core_dumped ? ' (core dumped)' : ''}`
    }
    case 'killed': {
      const sender = c.evidence.find((e) => e.source === 'tracefs')
      return `killed by ${c.signal ?? 'a signal'}${sender ? ` (${sender.text.replace(/^\S+ sent by /, 'from ')})` : ''}`
    }
    case 'killed_by_supervisor':
      return `killed by its supervisor (${c.signal ?? 'signal'})`
    case 'exited':
      return `exited with code ${c.exit_code ?? '?'}`
    default:
      return 'cause of death unknown'
  }
}

/** The kernel's line about the death (OOM kill or fault), when there is one. */
export function kernelLineOf(c: CauseOfDeath): string | undefined {
  const lines = c.evidence.filter((e) => e.source === 'kernel_log' && !e.text.startsWith('oom-kill:') && !e.text.startsWith('the OOM killer killed other'))
  return lines[0]?.text
}

/** The mapping the crash happened in, from the kernel's segfault/trap line. */
export function faultingLibrary(c: CauseOfDeath): string | undefined {
  for (const e of c.evidence) if (e.source === 'kernel_log') {
    const library = parseFault(e.text)?.library
    if (library !== undefined) return library
  }
  return undefined
}
