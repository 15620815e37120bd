import { readFileSync } from 'node:fs';

/**
 * The peak resident memory of an environment's process: Linux's VmHWM, the high-water mark of its
 * RSS since it started, which catches a spike between two readings (Lambda's Max Memory Used is
 * likewise the environment's peak). Reading /proc costs a system call, so a reading younger than
 * the caller allows is reused; the peak only grows.
 */
export class PeakMemory {
  private peakMb = 0;
  private readAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly pid: number | undefined) {}

  /** The peak in MB, read afresh unless the last reading is younger than `maxAgeMs`. */
  read(maxAgeMs = 0): number {
    const now = performance.now();
    if (now - this.readAt < maxAgeMs) return this.peakMb;
    this.readAt = now;
    this.peakMb = Math.max(this.peakMb, readPeakMb(this.pid));
    return this.peakMb;
  }
}

function readPeakMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}
