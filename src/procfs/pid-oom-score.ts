/**
 * /proc/PID/oom_score: one integer, 0–2000 ("the badness" the OOM killer ranks by).
 * `oom_score` is -1 when it cannot be read (docs/formats.md §4).
 */
export const OOM_SCORE_UNREADABLE = -1

export function parseOomScore(text: string): number {
  const value = Number(text.trim())
  return text.trim() !== '' && Number.isInteger(value) ? value : OOM_SCORE_UNREADABLE
}
