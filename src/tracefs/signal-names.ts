/**
 * Signal numbers of Linux on x86, arm and most other architectures (signal(7)); the numbers in
 * a trace are the kernel's, so the table is fixed here rather than taken from the analyzing host.
 * Pure.
 */
const NAMES: readonly string[] = [
  '', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1',
  'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP',
  'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS',
]

/** glibc reserves 32 and 33; SIGRTMIN as programs see it is 34. */
const SIGRTMIN = 34
const SIGRTMAX = 64

/** 9 → "SIGKILL", 36 → "SIGRTMIN+2", 99 → "SIG99". */
export function signalName(sig: number): string {
  const name = NAMES[sig]
  if (name !== undefined && name !== '') return name
  if (sig >= SIGRTMIN && sig <= SIGRTMAX) return sig === SIGRTMIN ? 'SIGRTMIN' : `SIGRTMIN+${sig - SIGRTMIN}`
  return `SIG${sig}`
}
