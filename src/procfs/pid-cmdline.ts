/**
 * /proc/PID/cmdline: argv as NUL-terminated strings, e.g. "node\0server.js\0--port\0080\0".
 *
 * Some programs rewrite their argv in place and separate it with spaces instead (psutil #1179,
 * e.g. Chrome helpers, setproctitle): a buffer with no NUL but its last byte, or only one
 * NUL-separated element containing spaces, is split on spaces. Kernel threads and zombies have
 * an empty cmdline: [].
 */
import {basename, join} from 'node:path'
import {readProcBytes} from './read-proc-file.js'

export function parsePidCmdline(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
  if (text === '') return []
  const trimmed = text.endsWith('\0') ? text.slice(0, -1) : text
  const args = trimmed.split('\0')
  // Rewritten argv: one "element" holding the whole command line, padded with NULs or not.
  if (args.length === 1 || (args.slice(1).every((a) => a === '') && args[0]!.includes(' '))) {
    const only = args[0]!
    return only.includes(' ') ? only.split(' ').filter((a) => a !== '') : [only]
  }
  return args
}

/** The program name as a user would type it: basename of argv[0] ("" when there is none). */
export function programName(cmdline: readonly string[]): string {
  const first = cmdline[0]
  return first === undefined || first === '' ? '' : basename(first)
}

export function readPidCmdline(root: string, pid: number): string[] {
  return parsePidCmdline(readProcBytes(join(root, String(pid), 'cmdline'), pid))
}
