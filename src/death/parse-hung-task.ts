/**
 * The hung-task detector (kernel/hung_task.c): a task in uninterruptible sleep too long.
 *
 *   INFO: task python3:4242 blocked for more than 120 seconds.
 *
 * Evidence, not a cause: the task is not killed unless kernel.hung_task_panic is set.
 */
export interface HungTask {
  pid: number
  comm: string
  blockedSeconds: number
}

const HUNG = /^INFO: task (.*):(\d+) blocked for more than (\d+) seconds\.?/s

export function parseHungTask(text: string): HungTask | undefined {
  const m = HUNG.exec(text)
  return m === null ? undefined : {pid: Number(m[2]), comm: m[1]!, blockedSeconds: Number(m[3])}
}
