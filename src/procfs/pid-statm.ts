/**
 * /proc/PID/statm (proc(5)): sizes in pages, e.g. "765 435 407 5 0 123 0"
 * (size resident shared text lib data dt). `vm_rss_kb` is resident pages × page size // 1024,
 * as psutil computes it (docs/formats.md §4).
 */
import {join} from 'node:path'
import {ProcParseError} from './errors.js'
import {readProcText} from './read-proc-file.js'

export interface PidStatm {
  sizePages: number
  residentPages: number
}

export function parsePidStatm(text: string, path = 'statm'): PidStatm {
  const [size, resident] = text.trim().split(' ').map(Number)
  if (size === undefined || resident === undefined || !Number.isInteger(size) || !Number.isInteger(resident)) {
    throw new ProcParseError(path, 'expected page counts')
  }
  return {sizePages: size, residentPages: resident}
}

/** Resident KiB from resident pages (integer division, as psutil's `rss // 1024`). */
export function residentKb(statm: PidStatm, pageSize: number): number {
  return Math.floor((statm.residentPages * pageSize) / 1024)
}

export function readPidStatm(root: string, pid: number): PidStatm {
  const path = join(root, String(pid), 'statm')
  return parsePidStatm(readProcText(path, pid), path)
}
