/**
 * Fatal faults the kernel logs for user processes that do not handle the signal
 * (debug.exception-trace / show_unhandled_signals, on by default):
 *
 *   python3[10457]: segfault at 0 ip 00007f2052d74219 sp 00007fff307e1f58 error 4 in libc.so.6[156219,7f2052c44000+156000] likely on CPU 1 (core 1, socket 0)
 *   traps: a.out[2211] general protection fault ip:401126 sp:7ffd4b5d0f10 error:0 in a.out[401000+1000]
 *   traps: a.out[2212] trap divide error ip:401136 sp:7ffc2a1b4c60 error:0 in a.out[401000+1000]
 *   traps: a.out[2213] trap invalid opcode ip:401126 sp:7ffe3bb5a0f0 error:0 in a.out[401000+1000]
 *
 * The bracketed number is the faulting *thread's* id. comm is greedy up to the last `[id]`.
 */
export interface Fault {
  pid: number
  comm: string
  fault: string
  signal: string | null
  library?: string
}

const SEGFAULT = /^(.*)\[(\d+)\]: segfault at \S+ ip \S+ sp \S+ error \S+?(?: in (.+?)\[[^\]]*\])?(?:\s.*)?$/s
const TRAP = /^traps: (.*)\[(\d+)\] (?:trap )?(.+?) ip:\S+ sp:\S+ error:\S+?(?: in (.+?)\[[^\]]*\])?(?:\s.*)?$/s

/** x86 trap names → the signal the kernel sends (arch/x86/kernel/traps.c). */
const TRAP_SIGNALS: Record<string, string> = {
  'general protection fault': 'SIGSEGV',
  'general protection': 'SIGSEGV',
  'divide error': 'SIGFPE',
  'invalid opcode': 'SIGILL',
  int3: 'SIGTRAP',
  'stack segment': 'SIGBUS',
  'alignment check': 'SIGBUS',
  'bounds': 'SIGSEGV',
}

export function parseFault(text: string): Fault | undefined {
  let m = SEGFAULT.exec(text)
  if (m !== null) return withLibrary({pid: Number(m[2]), comm: m[1]!, fault: 'segfault', signal: 'SIGSEGV'}, m[3])
  m = TRAP.exec(text)
  if (m !== null) return withLibrary({pid: Number(m[2]), comm: m[1]!, fault: m[3]!, signal: TRAP_SIGNALS[m[3]!] ?? null}, m[4])
  return undefined
}

function withLibrary(fault: Fault, library: string | undefined): Fault {
  if (library !== undefined && library !== '') fault.library = library
  return fault
}
