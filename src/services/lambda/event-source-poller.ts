// What every event source mapping's poller shares: stopping, pauses on the injected clock, the
// check that the function (the version or alias the mapping names) exists, and
// LastProcessingResult ("OK", "PROBLEM: Function call failed", "PROBLEM: Function not found").
import { isAwsError } from '../../core/aws-error.js';
import type { CallScope, ServiceEnvironment } from '../../core/service.js';
import { readFunctionRow } from './change.js';
import { functionRefOfArn, type FunctionRef } from './names.js';
import { setLastProcessingResult, type MappingRow } from './store-event-source-mappings.js';

export const RESULT_OK = 'OK';
export const RESULT_CALL_FAILED = 'PROBLEM: Function call failed';
export const RESULT_NOT_FOUND = 'PROBLEM: Function not found';

/** The pauses while the function does not exist: doubling from the first to the longest. */
const MISSING_FIRST_PAUSE_MS = 1000;
const MISSING_MAX_PAUSE_MS = 60_000;

export function isNotFound(error: unknown): boolean {
  return isAwsError(error) && error.code === 'ResourceNotFoundException';
}

export interface Poller {
  start(): void;
  /** Resolves once the poller knows where it reads from (a stream's starting position). */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export abstract class MappingPoller {
  protected readonly abort = new AbortController();
  protected readonly scope: CallScope;
  protected readonly target: FunctionRef | undefined;
  private lastResult: string | null;
  /** Checks in a row that found the function missing. */
  private missing = 0;

  constructor(
    protected readonly env: ServiceEnvironment,
    readonly row: MappingRow,
  ) {
    this.scope = { accountId: row.account_id, region: row.region };
    this.target = functionRefOfArn(row.function_arn);
    this.lastResult = row.last_processing_result ?? null;
  }

  protected get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  /** Whether the function exists now; while it does not, the caller waits `missingPause()`. */
  protected async functionExists(): Promise<boolean> {
    if (!this.target) return false;
    try {
      await readFunctionRow(this.env.storage.db, this.target, { routed: false });
      this.missing = 0;
      return true;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.report(RESULT_NOT_FOUND);
      return false;
    }
  }

  protected missingPause(): Promise<void> {
    const pause = Math.min(MISSING_MAX_PAUSE_MS, MISSING_FIRST_PAUSE_MS * 2 ** this.missing);
    this.missing += 1;
    return this.pause(pause);
  }

  /**
   * Writes LastProcessingResult when it changes (not a change of the mapping's configuration). A
   * failed write is tried again with the next result, and never holds up the batch.
   */
  protected async report(result: string): Promise<void> {
    if (result === this.lastResult) return;
    this.lastResult = result;
    const key = { accountId: this.row.account_id, region: this.row.region, uuid: this.row.uuid };
    try {
      await setLastProcessingResult(this.env.storage.db, key, result);
    } catch (error) {
      this.lastResult = null;
      console.error(
        `[nubis] lambda event source mapping ${this.row.uuid}: recording its result failed:`,
        error,
      );
    }
  }

  /** Waits on the injected clock; stopping ends the wait at once. */
  protected pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.env.clock.setTimer(ms, done);
      const signal = this.abort.signal;
      function done(): void {
        timer.cancel();
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }
}
