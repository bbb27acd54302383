/**
 * The end of a process that is not our child, as an event instead of a poll.
 *
 * Linux ≥ 5.3 gives a pidfd (pidfd_open(2)) that becomes readable when its process exits (a
 * zombie counts: it has exited). Node exposes neither the syscall nor a way to poll an arbitrary
 * fd, so a tiny watcher does it: `perl` (perl-base is Essential on Debian and Ubuntu) opens the
 * pidfd, says `watching`, and sleeps in select(2) on it and on its stdin; it exits 0 when the
 * process exited, 1 when its stdin hit EOF (trace-doctor died: it never outlives us). It sleeps
 * in the kernel, costing no CPU, where a poll from Node costs a timer wake-up (≈130 µs here)
 * every time. It runs in its own session so that a Ctrl-C meant for trace-doctor (a detach)
 * does not reach it, and it inherits no fd but its pipes (Node opens every file O_CLOEXEC), so
 * it can never hold the trace file's flock.
 *
 * Without perl or pidfds the caller polls instead (TraceLoop.startProbing).
 */
import {spawn} from 'node:child_process'
import type {TraceLoop} from './trace-loop.js'

/** How often an attached target is polled when no exit event is available, in ms. */
export const ATTACHED_PROBE_MS = 1000

// 434 is pidfd_open on every architecture (the unified syscall numbers since Linux 5.1, alpha aside).
const WATCHER = `
my $fd = syscall(434, $ARGV[0] + 0, 0);
exit 2 if $fd < 0;
$| = 1;
print "watching\\n";
my $rin = '';
vec($rin, $fd, 1) = 1;
vec($rin, 0, 1) = 1;
my $rout;
1 while select($rout = $rin, undef, undef, undef) < 0;
exit(vec($rout, $fd, 1) ? 0 : 1);
`

export interface ExitWatch {
  /** 'exited' once the process has exited; 'lost' if the watcher itself ended otherwise. */
  readonly ended: Promise<'exited' | 'lost'>
  close(): void
}

/** Starts a pidfd watcher on `pid`; undefined when none can run here (no perl, no pidfd_open, no such pid). */
export function watchExit(pid: number, perl = 'perl'): Promise<ExitWatch | undefined> {
  return new Promise((resolve) => {
    const child = spawn(perl, ['-e', WATCHER, String(pid)], {stdio: ['pipe', 'pipe', 'ignore'], detached: true})
    const ended = new Promise<'exited' | 'lost'>((resolveEnd) => child.once('exit', (code) => resolveEnd(code === 0 ? 'exited' : 'lost')))
    const watch: ExitWatch = {
      ended,
      close: () => {
        child.stdin?.destroy()
        child.stdout?.destroy()
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      },
    }
    child.once('error', () => resolve(undefined))
    child.stdin!.on('error', () => undefined) // EPIPE once it exits: nothing is ever written
    child.stdout!.setEncoding('utf8').once('data', (text: string) => resolve(text.startsWith('watching') ? watch : undefined))
    void ended.then(() => resolve(undefined)) // it ended before saying `watching`: no-op if it already did
  })
}

/**
 * Attach mode: ends `loop` when the target exits, through a pidfd watcher where one runs, else
 * by polling every ATTACHED_PROBE_MS. Returns what stops the watcher.
 */
export async function followAttachedEnd(loop: TraceLoop, pid: number): Promise<() => void> {
  const watch = await watchExit(pid)
  if (watch === undefined) {
    loop.startProbing(ATTACHED_PROBE_MS)
    return () => undefined
  }
  // The pidfd was opened by pid after the target was resolved: had the target ended meanwhile
  // and its pid been reused, the pidfd would watch a stranger. Our /proc fds are bound to the
  // target itself, so one look through them now settles it.
  if (loop.checkEnd()) {
    watch.close()
    return () => undefined
  }
  void watch.ended.then(() => {
    if (!loop.checkEnd()) loop.startProbing(ATTACHED_PROBE_MS)
  })
  return () => watch.close()
}
