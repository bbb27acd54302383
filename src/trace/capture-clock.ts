/**
 * `captured_at` values (SPEC §2.3): ISO 8601 UTC with microseconds and a `+00:00` suffix, as
 * Python's `datetime.isoformat()` writes them, strictly increasing within a trace.
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

/** 1776078283123456 → "2026-04-13T11:04:43.123456+00:00". */
export function formatIsoMicros(us: number): string {
  const ms = Math.floor(us / 1000)
  const iso = new Date(ms).toISOString() // "2026-04-13T11:04:43.123Z"
  const micros = String(us - ms * 1000).padStart(3, '0')
  return `${iso.slice(0, 23)}${micros}+00:00`
}
