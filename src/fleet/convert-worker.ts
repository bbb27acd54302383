/**
 * A convert worker thread (see convert-lanes.ts): turns one lane of a batch into the TSV body
 * of its `snapshots` INSERT, a chunk per request. Parsing each JSON row is most of `ship`'s
 * CPU; a thread per lane lets two cores do it while the main thread only moves bytes.
 *
 * It keeps one chunk converted ahead, so it works while the main thread sends the last one.
 * Chunks go as UTF-8 bytes whose buffer is transferred, not copied.
 */
import {parentPort} from 'node:worker_threads'
import {toErrorData, type ErrorData} from '../errors.js'
import {snapshotChunks, type LaneSession} from './snapshot-chunks.js'

export type ConvertRequest = {kind: 'lane'; lane: LaneSession[]; host: string; version: number} | {kind: 'next'}
export type ConvertReply =
  | {kind: 'chunk'; data: Uint8Array; bytes: number}
  | {kind: 'done'; rows: number; bytes: number; warnings: string[]}
  | {kind: 'error'; error: ErrorData}

type Step = {kind: 'chunk'; data: Uint8Array; bytes: number} | {kind: 'done'; rows: number; bytes: number}

if (parentPort !== null) {
  const port = parentPort
  const encoder = new TextEncoder()
  let source: Generator<string, number> | undefined
  let warnings: string[] = []
  let bytes = 0
  let ahead: Step | undefined

  const step = (): Step => {
    const next = source!.next()
    const read = bytes
    bytes = 0
    return next.done ? {kind: 'done', rows: next.value, bytes: read} : {kind: 'chunk', data: encoder.encode(next.value), bytes: read}
  }
  const fail = (error: unknown): void => {
    port.postMessage({kind: 'error', error: toErrorData(error)} satisfies ConvertReply)
    source = undefined
  }

  port.on('message', (request: ConvertRequest) => {
    try {
      if (request.kind === 'lane') {
        warnings = []
        bytes = 0
        ahead = undefined
        source = snapshotChunks(request.lane, request.host, request.version, warnings, (n) => (bytes += n))
        return
      }
      if (source === undefined) return
      const reply = ahead ?? step()
      ahead = undefined
      if (reply.kind === 'done') {
        port.postMessage({...reply, warnings} satisfies ConvertReply)
        source = undefined
        return
      }
      port.postMessage(reply satisfies ConvertReply, [reply.data.buffer as ArrayBuffer])
      // Convert the next chunk now, unless another request is already waiting to be answered.
      setImmediate(() => {
        if (source === undefined || ahead !== undefined) return
        try {
          ahead = step()
        } catch (error) {
          fail(error)
        }
      })
    } catch (error) {
      fail(error)
    }
  })
}
