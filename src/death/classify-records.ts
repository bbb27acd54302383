/**
 * Kernel records → the events that say how processes ended. An `oom-kill:` context line is
 * joined to the kill line of the same pid that follows it (it carries the constraint and the
 * victim's cgroup). Records are only parsed when a cheap substring test says they may match.
 */
import type {KernelEvent, OomKillEvent} from './kernel-event.js'
import type {KernelRecord} from './kernel-record.js'
import {parseFault} from './parse-fault-record.js'
import {parseHungTask} from './parse-hung-task.js'
import {parseOomContext, parseOomKill, type OomContext} from './parse-oom-record.js'

export function classifyRecords(records: readonly KernelRecord[]): KernelEvent[] {
  const events: KernelEvent[] = []
  const contexts = new Map<number, {context: OomContext; text: string}>()
  for (const r of records) {
    const t = r.text
    const base = {usec: r.usec, text: t, ...(r.seq === undefined ? {} : {seq: r.seq})}
    if (t.startsWith('oom-kill:')) {
      const context = parseOomContext(t)
      if (context !== undefined) contexts.set(context.pid, {context, text: t})
    } else if (t.includes('Killed process ')) {
      const kill = parseOomKill(t)
      if (kill === undefined) continue
      const ctx = contexts.get(kill.pid)
      contexts.delete(kill.pid)
      const event: OomKillEvent = {kind: 'oom_kill', ...base, pid: kill.pid, comm: kill.comm, constraint: ctx?.context.constraint ?? kill.constraint}
      if (ctx?.context.taskMemcg !== undefined) event.memcg = ctx.context.taskMemcg
      if (ctx !== undefined) event.contextText = ctx.text
      if (kill.anonRssKb !== undefined) event.anonRssKb = kill.anonRssKb
      events.push(event)
    } else if (t.includes(': segfault at ') || t.startsWith('traps: ')) {
      const fault = parseFault(t)
      if (fault !== undefined) events.push({kind: 'fault', ...base, ...fault})
    } else if (t.startsWith('INFO: task ')) {
      const hung = parseHungTask(t)
      if (hung !== undefined) events.push({kind: 'hung_task', ...base, ...hung})
    }
  }
  return events
}
