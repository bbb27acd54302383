/**
 * One kernel log record, from whichever interface exposed it. Times are µs since boot on the
 * kernel's printk clock, which is CLOCK_MONOTONIC here (checked: a record written to /dev/kmsg
 * carries the µs process.hrtime() read just before, within ~1 ms), so they compare with the
 * tracer's own monotonic clock and with /proc/PID/stat starttime (clock ticks since boot).
 */
export interface KernelRecord {
  /** /dev/kmsg sequence number; undefined for dmesg text. */
  seq?: number
  /** µs since boot. */
  usec: number
  /** syslog priority (0 emerg … 7 debug), facility stripped. */
  priority?: number
  /** The message, one line, escapes decoded. */
  text: string
  /** /dev/kmsg continuation lines ` KEY=VALUE` (dev_printk's SUBSYSTEM=, DEVICE=). */
  fields?: Record<string, string>
}

export type KernelLogSource = 'kmsg' | 'journalctl' | 'dmesg' | 'file'

export type KernelLog =
  | {
      readable: true
      source: KernelLogSource
      records: KernelRecord[]
      /**
       * µs since boot of the oldest record still in the buffer (it is a ring: older ones were
       * overwritten). A process that ended before it may have had its death rotated away.
       */
      oldestUsec: number | undefined
      /** The reader saw records overwritten while it read (EPIPE on /dev/kmsg). */
      rotatedWhileReading: boolean
    }
  | {
      readable: false
      /** What failed, e.g. "/dev/kmsg: permission denied (kernel.dmesg_restrict = 1)". */
      reason: string
      /** The exact change that makes it readable. */
      fix: string
    }
