/**
 * `{prefix}_signals_{pid}.jsonl` in the tmpfs dir, beside the trace of the same workload pid:
 * one signals.jsonl record (model/signal-record.ts) per line, each line ONE write(2) on O_APPEND,
 * so a tracer killed at any point leaves whole lines (at worst a torn last one). Created with
 * O_EXCL like the trace: a file left by a dead tracer is `recover`'s, never appended to.
 */
import {closeSync, constants, openSync, rmSync, writeSync} from 'node:fs'
import {serializeSignalRecord} from '../store/session-files.js'
import type {SignalRecord} from '../model/signal-record.js'
import {signalsPathFor} from '../store/tmpfs-layout.js'

export {signalsPathFor}


export class SignalsFile {
  private constructor(
    readonly path: string,
    private fd: number | undefined,
  ) {}

  static create(dir: string, pid: number): SignalsFile {
    const path = signalsPathFor(dir, pid)
    return new SignalsFile(path, openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL, 0o600))
  }

  /** Appends one record with a single write(2); throws (and closes) when it did not go out whole. */
  append(record: SignalRecord): void {
    if (this.fd === undefined) throw new Error(`${this.path} is closed`)
    const line = Buffer.from(serializeSignalRecord(record), 'utf8')
    const written = writeSync(this.fd, line, 0, line.length)
    if (written !== line.length) {
      this.close()
      throw new Error(`short write to ${this.path}: ${written} of ${line.length} bytes`)
    }
  }

  close(): void {
    if (this.fd === undefined) return
    closeSync(this.fd)
    this.fd = undefined
  }

  remove(): void {
    this.close()
    rmSync(this.path, {force: true})
  }
}
