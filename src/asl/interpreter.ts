// The States Language interpreter (pure: time, waiting and tasks come from the host). One run
// walks a machine from StartAt, state by state, recording the history AWS records, and ends with
// the machine's output or its error. Each state's work is its query language's (states-jsonpath.ts,
// states-jsonata.ts); Parallel branches and Map iterations are machines run the same way, inside
// their state (states-nested.ts).
import { FieldError, inState, QUERY_EVALUATION, RUNTIME, StatesError } from './errors.js';
import {
  errorMatches,
  type Catcher,
  type Machine,
  type Retrier,
  type StateDefinition,
} from './definition.js';
import type { MapRuns } from './distributed-map.js';
import { History, HISTORY_LIMIT, HistoryLimitReached, payloadDetails, type HistoryEvent } from './history.js';
import { placeResult, type Scope } from './paths.js';
import { executeJsonata } from './states-jsonata.js';
import { execute } from './states-jsonpath.js';
import {
  CallbackFailure,
  DATA_LIMIT_EXCEEDED,
  MAX_PAYLOAD_BYTES,
  type Callbacks,
  type CallbackWait,
  type MockedAnswer,
  type TaskRequest,
} from './task.js';
import { JSONATA } from './jsonata.js';
import type { Jobs } from './job.js';

export interface Host {
  now(): number;
  /**
   * Waits `ms` of the execution's clock (a Wait state, a retry's interval, a task's timeout); a
   * wait `cancelled` is left pending, and its timer dropped.
   */
  sleep(ms: number, cancelled?: AbortSignal): Promise<void>;
  /** Performs a Task state's work (task.ts); throws TaskFailure for the task's own errors. */
  task?(request: TaskRequest): Promise<unknown>;
  /** Task tokens of the callback pattern (`.waitForTaskToken`) and of activity tasks. */
  callbacks?: Callbacks;
  /** Keeps the Map Runs of Distributed Map states (without, a Map Run is not kept). */
  mapRuns?: MapRuns;
  /** The jobs `.sync` tasks start and wait for (a Standard execution's host has them). */
  jobs?: Jobs;
  /**
   * A mocked test case's answer for this task, in place of performing it; undefined for a task
   * the test case does not mock. Throws a StatesError when the test case gives no answer.
   */
  mockedTask?(request: TaskRequest): Promise<MockedAnswer | undefined>;
  /**
   * The factor Wait states and retry intervals are scaled by (NUBIS_STATES_WAIT_SCALE), so that
   * tests of workflows do not wait real time; 1 when absent. Task and execution timeouts are not.
   */
  waitScale?: number;
}

export interface ExecutionInfo {
  executionArn: string;
  name: string;
  roleArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  startTime: number;
  /** `$$.Execution.RedriveCount`; a synchronous Express execution's context has none. */
  redriveCount?: number;
  /** When the execution was last redriven (epoch ms), `$$.Execution.RedriveTime`; none before. */
  redriveTime?: number;
}

export type Outcome =
  | { status: 'SUCCEEDED'; output: unknown }
  | { status: 'FAILED'; error: string; cause?: string }
  | { status: 'TIMED_OUT'; error: 'States.Timeout' };

/** An outcome as the API shows it: the output as JSON text, or the error and its cause. */
export function outcomeFields(outcome: Outcome): { output?: string; error?: string; cause?: string } {
  if (outcome.status === 'SUCCEEDED') return { output: JSON.stringify(outcome.output) };
  if (outcome.status === 'TIMED_OUT') return { error: outcome.error };
  return { error: outcome.error, ...(outcome.cause !== undefined && { cause: outcome.cause }) };
}

export interface Run {
  history: History;
  host: Host;
  info: ExecutionInfo;
  input: unknown;
  /** A Standard execution's saving of its progress; states nested in Map or Parallel run without. */
  durable?: Durability;
  /** Aborted once the execution has ended (timed out): what still runs of it stops at its next state. */
  halted: AbortSignal;
}

/** Thrown into what still runs of an execution that has ended; nothing of it is recorded. */
export class ExecutionHalted extends Error {}

/**
 * Where a Standard execution is: saved before each state of its top level, and as a Wait state or
 * a callback or activity task's wait there begins (and as a worker takes the activity task), so
 * that an execution resumed elsewhere goes on from that state, a Wait waits only what is left of
 * it, and a callback or activity task goes on waiting for its token.
 */
export interface Checkpoint {
  state: string;
  input: unknown;
  variables: Record<string, unknown>;
  /** The events recorded so far. */
  events: number;
  /** In a Wait state already entered: its entered event and when it ends (epoch ms). */
  waiting?: { entered: number; until: number };
  /** In a Task state waiting for its task token: its entered event, the attempt, and the wait. */
  callback?: ResumedCallback;
  /** Between a state's attempts (a Retry's interval): the next attempt, and when it begins. */
  retrying?: ResumedRetry;
}

interface ResumedRetry {
  entered: number;
  attempt: number;
  until: number;
}

type ResumedCallback = CallbackWait & { entered: number; attempt: number };

export interface Durability {
  /** Saves `point` with the events recorded since the last save; throws to end the run here. */
  save(point: Checkpoint, events: HistoryEvent[]): Promise<void>;
  /** Where an execution begun earlier was saved last: the run goes on from there. */
  resume?: Checkpoint;
}

/** What the top level of a durable run is doing now. */
interface Position {
  state: string;
  input: unknown;
  variables: Record<string, unknown>;
  /** Set while a resumed Wait state goes on: it is entered already and ends at `until`. */
  resumedWait?: { entered: number; until: number };
  /** Set while a resumed callback task goes on, until the Task state takes it up. */
  resumedCallback?: ResumedCallback;
  /** Set while a resumed Retry interval goes on, until the state takes it up. */
  resumedRetry?: ResumedRetry;
  /** The state's entered event and the attempt it is at (its retries). */
  entered?: number;
  attempt?: number;
}

const positions = new WeakMap<Durability, Position>();

/** What a state hands on: its output, the state after it (none at the end) and what it assigned. */
export interface Step {
  output: unknown;
  next: string | undefined;
  assigned?: Record<string, unknown>;
}

/**
 * `keepHistory: false` for an Express execution: its events are numbered but not kept. With
 * `durable`, the events are handed to its `save` as the run goes, and the answer holds the rest.
 * `limitMs` caps the machine's own TimeoutSeconds (an Express execution lasts 5 minutes at most).
 */
export async function runExecution(
  machine: Machine,
  input: unknown,
  info: ExecutionInfo,
  host: Host,
  keepHistory = true,
  durable?: Durability,
  limitMs?: number,
) {
  const resume = durable?.resume;
  // A Standard execution's history is bounded; an Express one keeps none (AWS Step Functions quotas).
  const limit = durable ? HISTORY_LIMIT : undefined;
  const history = new History(() => host.now(), keepHistory, resume?.events ?? 0, limit);
  const halt = new AbortController();
  const run: Run = { history, host, info, input, halted: halt.signal, ...(durable && { durable }) };
  if (!resume)
    run.history.add('ExecutionStarted', () => ({
      executionStartedEventDetails: { ...payloadDetails('input', input), roleArn: info.roleArn },
    }));
  const walking = walk(run, machine, input, {}, undefined, machine.QueryLanguage ?? 'JSONPath');
  const deadline = deadlineOf(machine, info, limitMs);
  const outcome = await (deadline === undefined
    ? finish(run, walking)
    : raceDeadline(run, walking, deadline, halt));
  return { outcome, history: run.history.events };
}

/**
 * When the execution times out (epoch ms): TimeoutSeconds of the machine, from its start or its
 * last redrive ("the state machine level timeout, if defined, is reset to 0", AWS docs, redrive).
 */
function deadlineOf(machine: Machine, info: ExecutionInfo, limitMs: number | undefined): number | undefined {
  const own = machine.TimeoutSeconds === undefined ? undefined : machine.TimeoutSeconds * 1000;
  const limit = own === undefined ? limitMs : Math.min(own, limitMs ?? own);
  return limit === undefined ? undefined : (info.redriveTime ?? info.startTime) + limit;
}

/**
 * The walk's outcome, or States.Timeout at the deadline: then ExecutionTimedOut is the last event,
 * and what still runs stops at its next state (a task under way runs on, its result unrecorded).
 */
async function raceDeadline(
  run: Run,
  walking: Promise<unknown>,
  deadline: number,
  halt: AbortController,
): Promise<Outcome> {
  const timer = new AbortController();
  const timedOut = run.host.sleep(Math.max(0, deadline - run.host.now()), timer.signal).then(() => undefined);
  const finished = finish(run, walking);
  // The race answers whichever settles first; the other one's later failure is nobody's to handle.
  finished.catch(() => undefined);
  timedOut.catch(() => undefined);
  const first = await Promise.race([finished, timedOut]);
  timer.abort();
  if (first !== undefined) return first;
  halt.abort();
  run.history.add('ExecutionTimedOut', { executionTimedOutEventDetails: { error: 'States.Timeout' } });
  run.history.close();
  return { status: 'TIMED_OUT', error: 'States.Timeout' };
}

/**
 * The execution's failure at the history limit, whatever its states would catch: AWS ends it with
 * ExecutionFailed as the limit's event (States.Runtime, recorded wording).
 */
const historyLimitError = () =>
  new StatesError(RUNTIME, `The execution reached the maximum number of history events (${HISTORY_LIMIT}).`);

async function finish(run: Run, walking: Promise<unknown>): Promise<Outcome> {
  try {
    const output = await walking;
    run.history.add('ExecutionSucceeded', () => ({
      executionSucceededEventDetails: payloadDetails('output', output),
    }));
    return { status: 'SUCCEEDED', output };
  } catch (thrown) {
    const limited = thrown instanceof HistoryLimitReached;
    const error = limited ? historyLimitError() : thrown;
    if (!(error instanceof StatesError)) throw error;
    // A callback's failure may name no error (SendTaskFailure without one): none is recorded.
    const details = {
      ...(error.error !== '' && { error: error.error }),
      ...(error.cause !== undefined && { cause: error.cause }),
    };
    run.history.add('ExecutionFailed', { executionFailedEventDetails: details });
    // Branches of it still running record nothing more.
    if (limited) run.history.close();
    return { status: 'FAILED', error: error.error, ...(error.cause !== undefined && { cause: error.cause }) };
  }
}

/** The context object of a state (AWS docs, "Accessing execution data from the Context object"). */
export interface MapItem {
  index: number;
  value: unknown;
}

export function contextOf(
  run: Run,
  state: StateDefinition,
  name: string,
  entered: number,
  retryCount: number,
  item?: MapItem,
) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    Execution: {
      Id: run.info.executionArn,
      Input: run.input,
      Name: run.info.name,
      RoleArn: run.info.roleArn,
      StartTime: iso(run.info.startTime),
      ...(run.info.redriveCount !== undefined && { RedriveCount: run.info.redriveCount }),
      // "RedriveTime is only available if you've redriven an execution" (AWS docs, Context object).
      ...(run.info.redriveTime !== undefined && { RedriveTime: iso(run.info.redriveTime) }),
    },
    // AWS gives RetryCount to Task states only.
    State: {
      EnteredTime: iso(entered),
      Name: name,
      ...(state.Type === 'Task' && { RetryCount: retryCount }),
    },
    StateMachine: { Id: run.info.stateMachineArn, Name: run.info.stateMachineName },
    ...(item && { Map: { Item: { Index: item.index, Value: item.value } } }),
  };
}

/**
 * Runs a machine nested in a Map or Parallel state from its StartAt; `variables` are the scope's,
 * changed in place as states assign. Its progress is saved with its state's (at the top level).
 */
export function runMachine(
  run: Run,
  machine: Machine,
  input: unknown,
  variables: Record<string, unknown>,
  item: MapItem | undefined,
  inherited: string,
): Promise<unknown> {
  const { durable: _saved, ...nested } = run;
  return walk(nested, machine, input, variables, item, inherited);
}

/** Runs `machine` state by state, from where a resumed run was saved or else from StartAt. */
async function walk(
  run: Run,
  machine: Machine,
  input: unknown,
  variables: Record<string, unknown>,
  item: MapItem | undefined,
  inherited: string,
): Promise<unknown> {
  const language = machine.QueryLanguage ?? inherited;
  const resume = run.durable?.resume;
  let name: string | undefined = resume?.state ?? machine.StartAt;
  let value = resume ? resume.input : input;
  const scopeVariables = resume ? resume.variables : variables;
  // The point a resumed run starts from is saved already.
  let saved = resume !== undefined;
  while (name !== undefined) {
    if (run.halted.aborted) throw new ExecutionHalted();
    const state = machine.States[name];
    if (!state) throw new StatesError(RUNTIME, `State '${name}' does not exist`);
    if (run.durable) {
      const position: Position = { state: name, input: value, variables: scopeVariables };
      if (saved && resume?.waiting) position.resumedWait = resume.waiting;
      if (saved && resume?.callback) position.resumedCallback = resume.callback;
      if (saved && resume?.retrying) position.resumedRetry = resume.retrying;
      if (!saved) await run.durable.save({ ...position, events: run.history.length }, run.history.drain());
      positions.set(run.durable, position);
      saved = false;
    }
    const step = await runState(run, name, state, value, scopeVariables, item, language);
    value = step.output;
    name = step.next;
  }
  return value;
}

/**
 * A Wait state's wait until `until`, durably at the top level of a Standard execution: where the
 * wait ends is saved first, and a resumed Wait waits only for what is left of the one saved. What
 * is left from now is scaled by the host's waitScale before it is saved (a resumed Wait keeps the
 * saved end).
 */
export async function sleepUntil(run: Run, until: number, entered: number): Promise<void> {
  const position = run.durable && positions.get(run.durable);
  const now = run.host.now();
  let end = now + Math.max(0, until - now) * (run.host.waitScale ?? 1);
  if (position?.resumedWait) end = position.resumedWait.until;
  else if (position && run.durable) {
    const { resumedWait: _none, ...at } = position;
    const point = { ...at, events: run.history.length, waiting: { entered, until: end } };
    await run.durable.save(point, run.history.drain());
  }
  await sleepUntilTime(run, end);
}

/** Saves, at the top level of a Standard execution, that its Task state now waits for a callback. */
export async function saveCallback(run: Run, wait: CallbackWait): Promise<void> {
  const position = run.durable && positions.get(run.durable);
  if (!position || !run.durable) return;
  const { state, input, variables, entered, attempt } = position;
  const callback = { ...wait, entered: entered!, attempt: attempt ?? 0 };
  await run.durable.save(
    { state, input, variables, events: run.history.length, callback },
    run.history.drain(),
  );
}

/** A resumed run's callback wait, for the Task state to go on with (once). */
export function takeResumedCallback(run: Run): CallbackWait | undefined {
  const position = run.durable && positions.get(run.durable);
  const resumed = position?.resumedCallback;
  if (resumed) delete position.resumedCallback;
  return resumed;
}

async function runState(
  run: Run,
  name: string,
  state: StateDefinition,
  input: unknown,
  variables: Record<string, unknown>,
  item: MapItem | undefined,
  inherited: string,
): Promise<Step> {
  const jsonata = (state['QueryLanguage'] ?? inherited) === JSONATA;
  const position = run.durable && positions.get(run.durable);
  const resumedRetry = position?.resumedRetry;
  const resumed = position?.resumedWait ?? position?.resumedCallback ?? resumedRetry;
  const entered =
    resumed?.entered ??
    run.history.add(`${state.Type}StateEntered`, () => ({
      stateEnteredEventDetails: { name, ...payloadDetails('input', input) },
    }));
  const enteredAt = run.host.now();
  if (position) position.entered = entered;
  let step: Step;
  if (resumedRetry) {
    delete position!.resumedRetry;
    await sleepUntilTime(run, resumedRetry.until);
  }
  for (let attempt = position?.resumedCallback?.attempt ?? resumedRetry?.attempt ?? 0; ; attempt++) {
    if (position) position.attempt = attempt;
    const scope = scopeOf(input, variables, () => contextOf(run, state, name, enteredAt, attempt, item));
    try {
      step = jsonata
        ? await executeJsonata(run, name, state, scope, entered)
        : await execute(run, name, state, scope, entered);
      break;
    } catch (thrown) {
      const error = asStatesError(run, thrown, name, entered);
      const delay = retryDelay(state, error, attempt);
      if (delay !== undefined) {
        await retryAfter(run, position, attempt + 1, delay * (run.host.waitScale ?? 1));
        continue;
      }
      // A Map or Parallel state that fails for good records it, but not for a runtime error.
      if ((state.Type === 'Map' || state.Type === 'Parallel') && error.error !== RUNTIME)
        run.history.add(`${state.Type}StateFailed`);
      const caught = catcherFor(state, error);
      if (!caught) throw error;
      step = { output: placeResult(input, caught.ResultPath, errorOutput(error)), next: caught.Next };
      break;
    }
  }
  if (step.assigned) Object.assign(variables, step.assigned);
  if (state.Type !== 'Fail') recordExit(run, state.Type, name, step, outputText(name, step.output));
  return step;
}

/**
 * A state's output as JSON text; over 256 KiB the execution fails with the terminal
 * States.DataLimitExceeded (AWS Step Functions quotas, "Maximum input or output size").
 */
function outputText(name: string, output: unknown): string {
  const text = JSON.stringify(output);
  // A UTF-16 unit is at most 3 bytes of UTF-8: most outputs need no counting.
  if (
    text === undefined ||
    text.length * 3 <= MAX_PAYLOAD_BYTES ||
    Buffer.byteLength(text) <= MAX_PAYLOAD_BYTES
  )
    return text;
  throw new StatesError(
    DATA_LIMIT_EXCEEDED,
    `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
  );
}

/**
 * A Retry's interval before `attempt`. At the top level of a Standard execution it is saved
 * first, so that a run resumed elsewhere waits only what is left of it and goes on at that attempt.
 */
async function retryAfter(run: Run, position: Position | undefined, attempt: number, ms: number) {
  const until = run.host.now() + ms;
  if (position && run.durable) {
    const { state, input, variables, entered } = position;
    const retrying = { entered: entered!, attempt, until };
    await run.durable.save(
      { state, input, variables, events: run.history.length, retrying },
      run.history.drain(),
    );
  }
  await sleepUntilTime(run, until);
}

async function sleepUntilTime(run: Run, until: number): Promise<void> {
  const remaining = until - run.host.now();
  if (remaining > 0) await run.host.sleep(remaining);
}

/** A state's scope; its context object is made only if the state reads it (most never do). */
function scopeOf(input: unknown, variables: Record<string, unknown>, context: () => unknown): Scope {
  let made: unknown;
  return {
    input,
    variables,
    get context() {
      return (made ??= context());
    },
  };
}

function recordExit(run: Run, type: string, name: string, step: Step, output: string): void {
  run.history.add(`${type}StateExited`, () => {
    const details: Record<string, unknown> = { name, output, outputDetails: { truncated: false } };
    // An empty Assign ({}) records nothing, as on AWS.
    if (step.assigned && Object.keys(step.assigned).length > 0) {
      details['assignedVariables'] = Object.fromEntries(
        Object.entries(step.assigned).map(([key, value]) => [key, JSON.stringify(value)]),
      );
      details['assignedVariablesDetails'] = { truncated: false };
    }
    return { stateExitedEventDetails: details };
  });
}

export const errorOutput = (error: StatesError) =>
  error instanceof CallbackFailure
    ? { Error: error.named ?? null, Cause: error.cause ?? null }
    : { Error: error.error, Cause: error.cause ?? '' };

export function asStatesError(run: Run, thrown: unknown, name: string, entered: number): StatesError {
  if (thrown instanceof StatesError) return thrown;
  if (!(thrown instanceof FieldError)) throw thrown;
  const error = inState(thrown, name, entered);
  if (thrown.error === QUERY_EVALUATION) {
    const details = {
      error: error.error,
      cause: error.cause,
      state: name,
      ...(thrown.location && { location: thrown.location }),
    };
    run.history.add('EvaluationFailed', { evaluationFailedEventDetails: details });
  }
  return error;
}

/** The wait before the next attempt (ms), if a retrier of the state takes the error. */
export function retryDelay(state: StateDefinition, error: StatesError, attempt: number): number | undefined {
  const retriers = (state['Retry'] as Retrier[] | undefined) ?? [];
  const retrier = retriers.find((candidate) =>
    errorMatches(candidate.ErrorEquals, error.error, state.Type === 'Task'),
  );
  if (!retrier) return undefined;
  // Each retrier counts its own attempts; one matched retrier's count is the state's here.
  const maxAttempts = retrier.MaxAttempts ?? 3;
  if (attempt >= maxAttempts) return undefined;
  const interval = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** attempt;
  const capped =
    retrier.MaxDelaySeconds === undefined ? interval : Math.min(interval, retrier.MaxDelaySeconds);
  const jittered = retrier.JitterStrategy === 'FULL' ? Math.random() * capped : capped;
  return jittered * 1000;
}

export function catcherFor(state: StateDefinition, error: StatesError): Catcher | undefined {
  const catchers = (state['Catch'] as Catcher[] | undefined) ?? [];
  return catchers.find((catcher) => errorMatches(catcher.ErrorEquals, error.error, state.Type === 'Task'));
}
