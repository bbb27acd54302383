/** Builds valid snapshot rows for tests; `over` replaces fields. */
export function snapshot(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  const ms = Date.UTC(2026, 3, 13, 11, 4, 43) + i * 5000
  return {
    captured_at: new Date(ms).toISOString().replace('Z', '000+00:00'),
    comm: 'claude',
    state: 'sleeping',
    vm_rss_kb: 100_000,
    threads: 8,
    fd_count: 20,
    fd_soft_limit: 1024,
    ctx_switches_voluntary: 10 * i,
    ctx_switches_involuntary: i,
    sig_pnd: '0000000000000000',
    sig_blk: '0000000000000000',
    sig_cgt: '0000000180014a07',
    oom_score: 500,
    wchan: 'do_epoll_wait',
    cpu_percent: 1.5,
    ...over,
  }
}

export function rows(n: number, over: (i: number) => Record<string, unknown> = () => ({})): Array<Record<string, unknown>> {
  return Array.from({length: n}, (_, i) => snapshot(i, over(i)))
}
