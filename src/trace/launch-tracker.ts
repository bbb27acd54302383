/**
 * Follows the traced process through its launch chain (issue 9). The process is its pid and
 * start time; an exec keeps both and changes the program. `#!/usr/bin/env node` runs `env`
 * (comm = the script's name), then `node`; a pyenv shim runs `env`, `bash`, `bash`, then
 * `python3`. Every snapshot is taken (an instant command must be caught), and the rows taken
 * under a program that was later replaced are the *launch*: they describe the same process, not
 * another one, and do not count against the workload (trace-analyzer.ts).
 *
 * A new program shows as a new comm, or, with the same comm (a `python3` shim exec'ing the real
 * `python3`), as a new text segment or stack start in stat (fields 26, 28; hidden, i.e. unknown,
 * without ptrace access). A comm changed by the program itself (prctl PR_SET_NAME, node's
 * `process.title`) starts a new segment too: the rows then show the name the program chose.
 *
 * The workload is the last program: `launchRows` is the seq of its first row. Pure state; the
 * caller rewrites the sidecar when `observe` reports a new program.
 */
import {isExitedState, type PidStat} from '../procfs/pid-stat.js'

/** What identifies the program in one snapshot. */
export interface ImageMark {
  comm: string
  startcodeAddr?: number | undefined
  startstackAddr?: number | undefined
  /** A zombie has no memory map: its row says nothing about the program. */
  zombie: boolean
}

export function imageMarkOf(stat: PidStat): ImageMark {
  return {comm: stat.comm, startcodeAddr: stat.startcodeAddr, startstackAddr: stat.startstackAddr, zombie: isExitedState(stat.stateLetter)}
}

/**
 * Whether `next` runs another program than `previous` (unknown addresses compare as equal). A
 * zombie keeps the comm of the last program it ran, so a zombie row with a new comm is a program
 * the samples missed (a starved tracer sees `env`, then only `node`'s exit).
 */
export function isNewImage(previous: ImageMark, next: ImageMark): boolean {
  if (previous.comm !== next.comm) return true
  if (next.zombie) return false
  const differs = (a: number | undefined, b: number | undefined): boolean => a !== undefined && b !== undefined && a !== b
  return differs(previous.startcodeAddr, next.startcodeAddr) || differs(previous.startstackAddr, next.startstackAddr)
}

export interface LaunchImage {
  /** Seq of the first row taken under this program. */
  seq: number
  comm: string
}

export class LaunchTracker {
  private current: ImageMark | undefined
  /** Every program seen, in order; the last is the workload's. */
  readonly images: LaunchImage[] = []

  /** Seq of the workload's first row: the rows before it are the launch. */
  get launchRows(): number {
    return this.images.at(-1)?.seq ?? 0
  }

  /** The comm of the program the process runs now (undefined before any row). */
  get settledComm(): string | undefined {
    return this.images.at(-1)?.comm
  }

  /** The first row's comm. */
  get firstComm(): string | undefined {
    return this.images[0]?.comm
  }

  /** Records row `seq`; true when it is the first row of a new program (after the first). */
  observe(seq: number, mark: ImageMark): boolean {
    if (this.current === undefined) {
      this.current = mark
      this.images.push({seq, comm: mark.comm})
      return false
    }
    if (!isNewImage(this.current, mark)) {
      // Same program: keep whichever addresses are known (a sample may not see them).
      if (!mark.zombie) {
        const c = this.current
        this.current = {comm: mark.comm, startcodeAddr: mark.startcodeAddr ?? c.startcodeAddr, startstackAddr: mark.startstackAddr ?? c.startstackAddr, zombie: false}
      }
      return false
    }
    this.current = mark
    this.images.push({seq, comm: mark.comm})
    return true
  }
}
