// The execution's history as GetExecutionHistory reports it: numbered events, each naming the event
// before it, with the details AWS records (inputs and outputs as JSON text).

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

type Details = Record<string, unknown> | (() => Record<string, unknown>);

/** "Maximum execution history size: 25,000 events" of a Standard execution (AWS Step Functions quotas). */
export const HISTORY_LIMIT = 25_000;

/** The events that end an execution: the last of them may be the limit's own event. */
const ENDING = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut']);

/** An event past the limit was about to be recorded: the execution fails (runExecution). */
export class HistoryLimitReached extends Error {}

/**
 * `keep: false` (an Express execution that logs nothing) only numbers the events, which error
 * messages quote, and never builds their details.
 */
export class History {
  events: HistoryEvent[] = [];

  /**
   * `count`: the events recorded before (a resumed execution's). With `limit`, the event numbered
   * `limit` can only be the execution's end (AWS records the limit's failure as that event).
   */
  constructor(
    private readonly now: () => number,
    private keep = true,
    private count = 0,
    private readonly limit?: number,
  ) {}

  /** How many events the execution has recorded. */
  get length(): number {
    return this.count;
  }

  /** The events added since the last drain, handed over to be saved. */
  drain(): HistoryEvent[] {
    const drained = this.events;
    this.events = [];
    return drained;
  }

  /** No event is kept after this: the execution has ended, though some of it may still run. */
  close(): void {
    this.keep = false;
  }

  /** Adds an event after the last one; answers its id. */
  add(type: string, details?: Details): number {
    if (this.limit !== undefined && this.count + 1 >= this.limit && !ENDING.has(type))
      throw new HistoryLimitReached();
    const id = ++this.count;
    if (this.keep) {
      const detail = typeof details === 'function' ? details() : details;
      this.events.push({ id, previousEventId: previousOf(id, type), timestamp: this.now(), type, ...detail });
    }
    return id;
  }
}

/**
 * The event an event follows from. AWS records the first state's entry as following no event (0),
 * not ExecutionStarted (every recorded history shows it); the others here follow the one before.
 */
function previousOf(id: number, type: string): number {
  return id === 2 && type.endsWith('StateEntered') ? 0 : id - 1;
}

/** AWS records payloads as JSON text with whether they were cut short. */
export function payloadDetails(name: 'input' | 'output', value: unknown): Record<string, unknown> {
  return { [name]: JSON.stringify(value), [`${name}Details`]: { truncated: false } };
}
