/**
 * Where snapshots go: the tmpfs trace when it is usable, memory otherwise. If tmpfs fails
 * mid-run (a full /dev/shm), the rest of the run is kept in memory and the user is told once;
 * at the end the file's rows and the in-memory ones are joined, so nothing taken is lost.
 */
import {readNdjson} from '../io/ndjson-reader.js'
import type {Snapshot} from '../model/snapshot.js'
import type {TmpfsTrace} from './tmpfs-trace.js'

export type FinalizeSource = {tracePath: string} | {snapshots: Record<string, unknown>[]}

export class SnapshotSink {
  private readonly memory: Snapshot[] = []
  private fileRows = 0
  count = 0

  constructor(
    readonly tmpfs: TmpfsTrace | undefined,
    private readonly warn: (line: string) => void,
  ) {}

  push(snapshot: Snapshot): void {
    this.count++
    if (this.tmpfs !== undefined && this.memory.length === 0) {
      try {
        this.tmpfs.append(snapshot)
        this.fileRows++
        return
      } catch (error) {
        this.warn(`tmpfs trace ${this.tmpfs.tracePath} failed (${(error as Error).message}); tracing in memory from now on`)
      }
    }
    this.memory.push(snapshot)
  }

  /** What finalizeSession should read: the file alone when it holds every snapshot. */
  async source(): Promise<FinalizeSource> {
    if (this.tmpfs !== undefined && this.memory.length === 0) return {tracePath: this.tmpfs.tracePath}
    const rows: Record<string, unknown>[] = []
    if (this.tmpfs !== undefined && this.fileRows > 0) await readNdjson(this.tmpfs.tracePath, (row) => rows.push(row))
    return {snapshots: [...rows, ...this.memory]}
  }
}
