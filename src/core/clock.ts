/**
 * Time is injected so that visibility timeouts, delays, schedules and long polls are tested without
 * sleeping. `SystemClock` is the real one; `ManualClock` only moves when told to.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fn` once `ms` milliseconds of this clock's time have passed. */
  setTimer(ms: number, fn: () => void): TimerHandle;
}

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref?.();
    return { cancel: () => clearTimeout(timer) };
  }
}

interface PendingTimer {
  due: number;
  seq: number;
  fn: () => void;
}

export class ManualClock implements Clock {
  private current: number;
  private timers = new Set<PendingTimer>();
  private seq = 0;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer: PendingTimer = { due: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.add(timer);
    if (ms <= 0) queueMicrotask(() => this.fireDue());
    return { cancel: () => this.timers.delete(timer) };
  }

  /** Moves time forward and fires, in order, every timer that falls due. */
  advance(ms: number): void {
    this.current += ms;
    this.fireDue();
  }

  set(epochMs: number): void {
    if (epochMs > this.current) this.advance(epochMs - this.current);
  }

  private fireDue(): void {
    const due = [...this.timers]
      .filter((t) => t.due <= this.current)
      .sort((a, b) => a.due - b.due || a.seq - b.seq);
    for (const timer of due) {
      this.timers.delete(timer);
      timer.fn();
    }
  }
}
