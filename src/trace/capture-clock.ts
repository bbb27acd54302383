/**
 * The clock of `captured_at` values (docs/formats.md §4; formatted by model/timestamp.ts), strictly
 * increasing within a trace.
 *
 * Time is `performance.timeOrigin + performance.now()`: the wall clock at process start advanced
 * by the monotonic clock, so an NTP step during a run cannot reorder samples. The guard still
 * applies (two samples inside one microsecond, or a caller passing an older time).
 */
import {performance} from 'node:perf_hooks'

/** Microseconds since the Unix epoch, monotonic within this process. */
export function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000)
}

/** The next `captured_at` in µs: `now`, or previous + 1 µs when the clock stood still or stepped back. */
export function nextCaptureMicros(previousUs: number | undefined, nowUs: number): number {
  return previousUs !== undefined && nowUs <= previousUs ? previousUs + 1 : nowUs
}
