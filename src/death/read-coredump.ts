/**
 * Was a core written? `coredumpctl` (systemd-coredump) lists dumps by pid and time; without it,
 * /proc/sys/kernel/core_pattern says where a core would have gone, which is worth telling the
 * reader but is no proof that one was written.
 *
 *   coredumpctl list --no-pager --no-legend -q --since=@1764475200 4242
 *   Sun 2026-11-30 04:00:01 UTC  4242  1000  1000 SIGSEGV present  /usr/bin/python3  1.2M
 */
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import type {CoredumpEvidence} from './death-evidence.js'

/** A coredumpctl list line for `pid`: its signal and whether the core file is present. */
export function parseCoredumpctlList(text: string, pid: number): {signal: string; corefile: string; line: string} | undefined {
  for (const line of text.split('\n')) {
    const m = /\s(\d+)\s+\d+\s+\d+\s+(SIG\w+|\d+)\s+(\S+)\s/.exec(line)
    if (m !== null && Number(m[1]) === pid) return {signal: m[2]!, corefile: m[3]!, line: line.trim()}
  }
  return undefined
}

/** What core_pattern says about where a core would go. */
export function describeCorePattern(pattern: string): string {
  const p = pattern.trim()
  if (p.startsWith('|')) {
    const handler = p.slice(1).trim().split(/\s+/)[0] ?? ''
    return `kernel.core_pattern pipes cores to ${handler}${handler.includes('apport') ? ' (Ubuntu apport: see /var/crash)' : handler.includes('systemd-coredump') ? ' (systemd-coredump: coredumpctl list)' : ''}`
  }
  return `kernel.core_pattern is ${JSON.stringify(p)}: a core, if RLIMIT_CORE allowed one, is a file ${p.includes('/') ? 'at that path' : "of that name in the process's cwd"}`
}

export function readCoredump(pid: number, sinceEpochSecs: number, at: string | null): CoredumpEvidence {
  const result = spawnSync('coredumpctl', ['list', '--no-pager', '--no-legend', '-q', `--since=@${Math.floor(sinceEpochSecs)}`, String(pid)], {encoding: 'utf8', timeout: 10_000})
  if (result.error === undefined && result.status === 0) {
    const found = parseCoredumpctlList(result.stdout, pid)
    if (found !== undefined) return {dumped: found.corefile !== 'none', at, text: `coredumpctl: ${found.line}`}
  }
  let pattern: string
  try {
    pattern = readFileSync('/proc/sys/kernel/core_pattern', 'utf8')
  } catch {
    return {dumped: null, at: null, text: 'no coredumpctl entry, and kernel.core_pattern cannot be read'}
  }
  return {dumped: null, at: null, text: `${result.error === undefined ? 'no coredumpctl entry for it; ' : ''}${describeCorePattern(pattern)}`}
}
