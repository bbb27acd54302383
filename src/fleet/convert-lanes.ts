/**
 * Where a batch's lanes are converted: in this thread (small shipments, and under a TypeScript
 * test runner where the compiled worker is absent), or one worker thread per lane
 * (convert-worker.ts). Either way a lane is an async source of INSERT body chunks, pulled as
 * the socket takes them, so memory stays flat whatever the size of the log dir.
 */
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import {fromErrorData, toErrorData} from '../errors.js'
import type {ConvertReply, ConvertRequest} from './convert-worker.js'
import {snapshotChunks, type LaneSession} from './snapshot-chunks.js'

const WORKER_URL = new URL('./convert-worker.js', import.meta.url)

/** Below this much trace, starting threads (~0.1 s each) costs more than it saves (bench/ship.js). */
export const MIN_THREADED_BYTES = 32 * 1024 * 1024

/** Threads for `totalBytes` of trace split in `lanes`: 0 = convert in this thread. `jobs` from --jobs. */
export function plannedConvertThreads(lanes: number, totalBytes: number, jobs: number | undefined, workerExists = existsSync(fileURLToPath(WORKER_URL))): number {
  if (!workerExists) return 0
  if (jobs !== undefined) return jobs <= 1 ? 0 : Math.min(jobs, lanes)
  return totalBytes >= MIN_THREADED_BYTES ? lanes : 0
}

export type LaneChunks = AsyncGenerator<string | Uint8Array, number>

export interface LaneConverter {
  /** The lane's INSERT body; returns its row count. `slot` picks the thread (< the threads started). */
  chunks(slot: number, lane: LaneSession[], host: string, version: number, warnings: string[], onBytes: (n: number) => void): LaneChunks
  close(): Promise<void>
}

export function openLaneConverter(threads: number): LaneConverter {
  return threads === 0 ? inlineConverter : new ThreadedConverter(threads)
}

const inlineConverter: LaneConverter = {
  // eslint-disable-next-line @typescript-eslint/require-await -- an async source, like the threaded one
  async *chunks(_slot, lane, host, version, warnings, onBytes) {
    return yield* snapshotChunks(lane, host, version, warnings, onBytes)
  },
  close: () => Promise.resolve(),
}

/** A worker's replies, taken in order by whoever asked. */
class WorkerLink {
  readonly worker = new Worker(WORKER_URL)
  private readonly replies: ConvertReply[] = []
  private waiting: ((reply: ConvertReply) => void) | undefined
  private failure: Error | undefined

  constructor() {
    this.worker.on('message', (reply: ConvertReply) => this.deliver(reply))
    this.worker.on('error', (error) => this.deliver({kind: 'error', error: toErrorData(error)}))
    this.worker.on('exit', (code) => {
      if (code !== 0) this.deliver({kind: 'error', error: toErrorData(new Error(`a convert thread exited with code ${code}`))})
    })
  }

  private deliver(reply: ConvertReply): void {
    if (reply.kind === 'error') this.failure ??= fromErrorData(reply.error)
    const take = this.waiting
    this.waiting = undefined
    if (take !== undefined) take(reply)
    else this.replies.push(reply)
  }

  send(request: ConvertRequest): void {
    this.worker.postMessage(request)
  }

  next(): Promise<ConvertReply> {
    this.send({kind: 'next'})
    const queued = this.replies.shift()
    if (queued !== undefined) return Promise.resolve(queued)
    if (this.failure !== undefined) return Promise.reject(this.failure)
    return new Promise((resolve) => (this.waiting = resolve))
  }
}

class ThreadedConverter implements LaneConverter {
  private readonly links: WorkerLink[]

  constructor(threads: number) {
    this.links = Array.from({length: threads}, () => new WorkerLink())
  }

  async *chunks(slot: number, lane: LaneSession[], host: string, version: number, warnings: string[], onBytes: (n: number) => void): LaneChunks {
    const link = this.links[slot % this.links.length]!
    link.send({kind: 'lane', lane, host, version})
    for (;;) {
      const reply = await link.next()
      if (reply.kind === 'error') throw fromErrorData(reply.error)
      onBytes(reply.bytes)
      if (reply.kind === 'done') {
        warnings.push(...reply.warnings)
        return reply.rows
      }
      yield reply.data
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.links.map((l) => l.worker.terminate()))
  }
}
