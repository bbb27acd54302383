/**
 * A process's descendants, breadth first. Children come from `/proc/PID/task/TID/children`
 * (CONFIG_PROC_CHILDREN, one line of space-separated pids per thread); when the kernel lacks it,
 * from a scan of every `/proc/N/stat` for its ppid. Processes appear and vanish during the walk:
 * a missing entry just ends that branch.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parsePidStat} from './pid-stat.js'

/** Parses one or more `children` files' contents: "6620 6633 " → [6620, 6633]. */
export function parseChildren(text: string): number[] {
  return text
    .split(/\s+/)
    .filter((s) => s !== '')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
}

function readDirNames(path: string): string[] | undefined {
  try {
    return readdirSync(path)
  } catch {
    return undefined
  }
}

function childrenFromTasks(root: string, pid: number): number[] | undefined {
  const tasks = readDirNames(join(root, String(pid), 'task'))
  if (tasks === undefined) return []
  const found: number[] = []
  for (const tid of tasks) {
    let text: string
    try {
      text = readFileSync(join(root, String(pid), 'task', tid, 'children'), 'utf8')
    } catch (error) {
      // ENOENT on a task that exists = kernel without CONFIG_PROC_CHILDREN: scan instead.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && readDirNames(join(root, String(pid), 'task', tid)) !== undefined) return undefined
      continue
    }
    found.push(...parseChildren(text))
  }
  return found
}

function childrenByScan(root: string, pid: number): number[] {
  const found: number[] = []
  for (const name of readDirNames(root) ?? []) {
    if (!/^\d+$/.test(name)) continue
    try {
      if (parsePidStat(readFileSync(join(root, name, 'stat'), 'utf8')).ppid === pid) found.push(Number(name))
    } catch {
      // vanished or unreadable: not a child we can see
    }
  }
  return found
}

export function readChildren(root: string, pid: number): number[] {
  const children = childrenFromTasks(root, pid) ?? childrenByScan(root, pid)
  return [...new Set(children)].sort((a, b) => a - b)
}

/** Every descendant of `pid` (not `pid` itself), breadth first, children in pid order. */
export function readDescendants(root: string, pid: number): number[] {
  const seen = new Set<number>([pid])
  const order: number[] = []
  const queue = [pid]
  while (queue.length > 0) {
    const current = queue.shift()!
    for (const child of readChildren(root, current)) {
      if (seen.has(child)) continue
      seen.add(child)
      order.push(child)
      queue.push(child)
    }
  }
  return order
}
