/**
 * The OOM killer's records (mm/oom_kill.c). Since 4.19 a one-line summary comes first:
 *
 *   oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/a/b,task_memcg=/a/b,task=python3,pid=10387,uid=0
 *
 * then the kill itself (the prefix says which killer; older kernels print no prefix):
 *
 *   Memory cgroup out of memory: Killed process 10387 (python3) total-vm:323768kB, anon-rss:60928kB, file-rss:6712kB, …
 *   Out of memory: Killed process 4242 (java) total-vm:…, anon-rss:…
 *
 * comm may hold `,`, `(` or `)`: it is anchored on the fields around it, not split on them.
 */
import type {OomConstraint} from '../model/cause-of-death.js'

export interface OomContext {
  pid: number
  comm: string
  constraint: OomConstraint | null
  oomMemcg?: string
  taskMemcg?: string
}

export interface OomKill {
  pid: number
  comm: string
  /** From the prefix: a memcg kill, a global one, or unknown (no prefix). */
  constraint: OomConstraint | null
  anonRssKb?: number
}

const CONTEXT = /^oom-kill:(.*),task=(.*),pid=(\d+),uid=\d+\s*$/s
const KILL = /^(?:(Memory cgroup out of memory|Out of memory(?: \(oom_kill_allocating_task\))?): )?Killed process (\d+) \((.*)\)(?: total-vm:\d+kB, anon-rss:(\d+)kB.*)?$/s

const CONSTRAINTS: Record<string, OomConstraint> = {
  CONSTRAINT_MEMCG: 'cgroup',
  CONSTRAINT_NONE: 'global',
  CONSTRAINT_CPUSET: 'cpuset',
  CONSTRAINT_MEMORY_POLICY: 'mempolicy',
}

export function parseOomContext(text: string): OomContext | undefined {
  const m = CONTEXT.exec(text)
  if (m === null) return undefined
  const fields = new Map<string, string>()
  for (const part of m[1]!.split(',')) {
    const eq = part.indexOf('=')
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1))
  }
  const context: OomContext = {pid: Number(m[3]), comm: m[2]!, constraint: CONSTRAINTS[fields.get('constraint') ?? ''] ?? null}
  const oomMemcg = fields.get('oom_memcg')
  const taskMemcg = fields.get('task_memcg')
  if (oomMemcg !== undefined) context.oomMemcg = oomMemcg
  if (taskMemcg !== undefined) context.taskMemcg = taskMemcg
  return context
}

export function parseOomKill(text: string): OomKill | undefined {
  const m = KILL.exec(text)
  if (m === null) return undefined
  const prefix = m[1]
  const kill: OomKill = {
    pid: Number(m[2]),
    comm: m[3]!,
    constraint: prefix === undefined ? null : prefix.startsWith('Memory cgroup') ? 'cgroup' : 'global',
  }
  if (m[4] !== undefined) kill.anonRssKb = Number(m[4])
  return kill
}
