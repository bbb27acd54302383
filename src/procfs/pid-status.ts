/**
 * /proc/PID/status (proc(5)): "Key:\tvalue" lines, e.g.
 *
 *   Threads:	12
 *   SigPnd:	0000000000000000
 *   RssAnon:	  153600 kB
 *   voluntary_ctxt_switches:	1502
 *
 * Only the fields a snapshot needs are parsed. Memory lines are absent for kernel threads,
 * hence optional.
 */
import {join} from 'node:path'
import {ProcParseError} from './errors.js'
import {readProcText} from './read-proc-file.js'

export interface PidStatus {
  threads: number
  voluntaryCtxtSwitches: number
  nonvoluntaryCtxtSwitches: number
  /** 16 hex digits, as the kernel prints them. */
  sigPnd: string
  sigBlk: string
  sigCgt: string
  /** Anonymous resident memory, KiB: what a leak grows. */
  rssAnonKb?: number
  vmRssKb?: number
}

const WANTED = new Set([
  'Threads',
  'voluntary_ctxt_switches',
  'nonvoluntary_ctxt_switches',
  'SigPnd',
  'SigBlk',
  'SigCgt',
  'RssAnon',
  'VmRSS',
])

export function parsePidStatus(text: string, path = 'status'): PidStatus {
  const found = new Map<string, string>()
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const colon = text.indexOf(':', start)
    if (colon > start && colon < end) {
      const key = text.slice(start, colon)
      if (WANTED.has(key)) found.set(key, text.slice(colon + 1, end).trim())
    }
    start = end + 1
  }
  const int = (key: string): number => {
    const raw = found.get(key)
    const value = Number(raw)
    if (raw === undefined || raw === '' || !Number.isInteger(value)) throw new ProcParseError(path, `no integer "${key}:" line`)
    return value
  }
  const mask = (key: string): string => {
    const raw = found.get(key)
    if (raw === undefined || !/^[0-9a-f]{16}$/.test(raw)) throw new ProcParseError(path, `no 16-hex-digit "${key}:" line`)
    return raw
  }
  const kb = (key: string): number | undefined => {
    const raw = found.get(key)
    if (raw === undefined) return undefined
    const value = Number(raw.replace(/\s*kB$/, ''))
    if (!Number.isInteger(value)) throw new ProcParseError(path, `"${key}:" is not a kB count`)
    return value
  }
  const status: PidStatus = {
    threads: int('Threads'),
    voluntaryCtxtSwitches: int('voluntary_ctxt_switches'),
    nonvoluntaryCtxtSwitches: int('nonvoluntary_ctxt_switches'),
    sigPnd: mask('SigPnd'),
    sigBlk: mask('SigBlk'),
    sigCgt: mask('SigCgt'),
  }
  const rssAnonKb = kb('RssAnon')
  const vmRssKb = kb('VmRSS')
  if (rssAnonKb !== undefined) status.rssAnonKb = rssAnonKb
  if (vmRssKb !== undefined) status.vmRssKb = vmRssKb
  return status
}

export function readPidStatus(root: string, pid: number): PidStatus {
  const path = join(root, String(pid), 'status')
  return parsePidStatus(readProcText(path, pid), path)
}
