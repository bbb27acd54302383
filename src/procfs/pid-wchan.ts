/**
 * /proc/PID/wchan: the kernel function a sleeping task waits in, no newline, e.g.
 * "do_epoll_wait"; "0" for a running task. "" when unreadable (docs/formats.md §4; kernels with
 * kptr_restrict or without CONFIG_KALLSYMS give nothing).
 */
export function parseWchan(text: string): string {
  return text.trim()
}
