/**
 * A recovery worker thread (see recover-pool.ts): handles the batches of traces it is sent, one
 * at a time, with the same code path as the inline driver, and replies with each batch's rows.
 */
import {parentPort, workerData} from 'node:worker_threads'
import {toErrorData, type ErrorData} from '../errors.js'
import type {RecoverRow} from './recover-report.js'
import {handleBatch, type RecoverOptions} from './run-recovery.js'
import type {RunContext} from './gather-facts.js'
import type {Claimer, TraceEntry} from './scan-tmpfs.js'

export interface WorkerInit {
  ctx: RunContext
  me: Claimer
  options: Omit<RecoverOptions, 'onProgress'>
}
export interface WorkerRequest {
  index: number
  entries: TraceEntry[]
}
export type WorkerReply =
  | {index: number; rows: RecoverRow[]}
  | {index: number; error: ErrorData}

const init = workerData as WorkerInit | undefined
if (parentPort !== null && init !== undefined) {
  const port = parentPort
  port.on('message', (request: WorkerRequest) => {
    handleBatch(request.entries, init.ctx, init.me, init.options).then(
      (rows) => port.postMessage({index: request.index, rows} satisfies WorkerReply),
      (error: unknown) => port.postMessage({index: request.index, error: toErrorData(error)} satisfies WorkerReply),
    )
  })
}
