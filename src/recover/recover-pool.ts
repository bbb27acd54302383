/**
 * Recovery across worker threads. Finalizing a trace is CPU-bound (parse, analyze, serialize
 * every row), and traces are independent: each is claimed by an atomic rename, and the index
 * and retention are guarded by the cross-process lock, so threads need no coordination beyond a
 * work queue. Measured in bench/recover: 2 workers on 2 cores nearly halve the wall time.
 *
 * Workers pull one batch at a time (run-recovery.ts: a batch is the unit of durability), and rows
 * come back in scan order.
 */
import {existsSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {fileURLToPath} from 'node:url'
import {fromErrorData} from '../errors.js'
import type {RecoverRow} from './recover-report.js'
import type {TraceEntry} from './scan-tmpfs.js'
import type {WorkerInit, WorkerReply, WorkerRequest} from './recover-worker.js'

/** Below this many traces, starting threads (~100 ms each) costs more than it saves. */
export const MIN_TRACES_PER_WORKER = 16
export const MAX_DEFAULT_JOBS = 4

const WORKER_URL = new URL('./recover-worker.js', import.meta.url)

export function defaultJobs(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_JOBS))
}

/**
 * How many threads to use for `traceCount` traces: 1 means "in this thread". Workers need the
 * compiled worker module; under a TypeScript test runner it is absent and recovery runs inline.
 */
export function plannedWorkers(jobs: number, traceCount: number): number {
  const useful = Math.min(jobs, Math.floor(traceCount / MIN_TRACES_PER_WORKER))
  if (useful < 2 || !existsSync(fileURLToPath(WORKER_URL))) return 1
  return useful
}

export async function recoverInWorkers(
  batches: readonly TraceEntry[][],
  init: WorkerInit,
  workers: number,
  onRow: (row: RecoverRow) => void,
): Promise<RecoverRow[]> {
  // Imported here: most runs recover too few traces for threads, and loading them costs start-up.
  const {Worker} = await import('node:worker_threads')
  const results: RecoverRow[][] = new Array(batches.length)
  let next = 0
  // After the first failure no new trace is handed out, but every worker finishes (and, on
  // failure, gives back) the one it holds: exiting mid-claim would leave `.recovering-*` files.
  let failed: Error | undefined
  const runOne = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_URL, {workerData: init})
      const feed = () => {
        if (failed !== undefined || next >= batches.length) {
          void worker.terminate()
          resolve()
          return
        }
        const index = next++
        worker.postMessage({index, entries: batches[index]!} satisfies WorkerRequest)
      }
      worker.on('message', (reply: WorkerReply) => {
        if ('error' in reply) {
          failed ??= fromErrorData(reply.error)
          feed()
          return
        }
        results[reply.index] = reply.rows
        for (const row of reply.rows) onRow(row)
        feed()
      })
      worker.on('error', reject)
      worker.on('online', feed)
    })
  await Promise.all(Array.from({length: workers}, runOne))
  if (failed !== undefined) throw failed
  return results.flat()
}
