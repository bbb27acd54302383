/**
 * Index of the last element of `sorted` (ascending) that is ≤ `value`: the bucket, range or
 * string that holds an offset whose starts are `sorted`. 0 when no element is ≤ `value`, or the
 * array is empty, so that a caller indexing with it stays in bounds. Binary search: O(log n).
 */
export function lastIndexAtMost(sorted: readonly number[], value: number): number {
  let lo = 0
  let hi = sorted.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (sorted[mid]! <= value) lo = mid
    else hi = mid - 1
  }
  return lo
}
