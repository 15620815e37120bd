// One state run once, on its own, as Step Functions' TestState runs it (AWS API reference,
// TestState; AWS docs, "Using TestState API to test a state"). The state does its work as in an
// execution (a Task really calls its integration), but nothing is retried and no next state runs:
// the answer says what would come next. An error a retrier takes answers RETRIABLE, one a catcher
// takes CAUGHT_ERROR with the catcher's output and Next, each with the index of the retrier or
// catcher (and the retry's backoff) for inspectionData's errorDetails. Along the way the value after
// each step of the state's input and output processing is kept, and the variables after the state.
import { StatesError } from './errors.js';
import { errorMatches, nextOf, type Catcher, type Retrier, type StateDefinition } from './definition.js';
import { History } from './history.js';
import {
  asStatesError,
  catcherFor,
  contextOf,
  errorOutput,
  retryDelay,
  type ExecutionInfo,
  type Host,
  type Run,
  type Step,
} from './interpreter.js';
import { assignments, execute, selectPath, taskFieldsOf } from './states-jsonpath.js';
import { JSONATA } from './jsonata.js';
import { placeResult, type Scope } from './paths.js';
import { executeJsonata } from './states-jsonata.js';
import { requestOf, runTask, type TaskRequest } from './task.js';
import { resolveTemplate } from './template.js';

export type SingleStateStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';

/** The state's data after each step of its processing; a step the state has not got is absent. */
export interface Inspection {
  input: unknown;
  afterInputPath?: unknown;
  afterParameters?: unknown;
  /** A JSONata Task's Arguments, evaluated. */
  afterArguments?: unknown;
  result?: unknown;
  afterResultSelector?: unknown;
  afterResultPath?: unknown;
  /** The variables after the state: those given, and those it assigned. */
  variables?: Record<string, unknown>;
}

/** Which retrier or catcher took the error (AWS API reference, InspectionErrorDetails). */
export interface ErrorDetails {
  catchIndex?: number;
  retryIndex?: number;
  retryBackoffIntervalSeconds?: number;
}

/** What TestState's caller sets up: the variables, a context object of its own, retries spent. */
export interface SingleStateOptions {
  variables?: Record<string, unknown>;
  context?: Record<string, unknown>;
  /** The attempts the state's retrier has made already (TestState's `retrierRetryCount`). */
  retryCount?: number;
  /** The state is in a Map's processor: its context has the first item (`$$.Map.Item`). */
  inMap?: boolean;
}

export interface SingleStateOutcome {
  status: SingleStateStatus;
  output?: unknown;
  error?: string;
  cause?: string;
  nextState?: string;
  inspection: Inspection;
  errorDetails?: ErrorDetails;
}

/** "The TestState API can run for up to five minutes", then fails with States.Timeout (AWS API reference). */
export const SINGLE_STATE_LIMIT_MS = 5 * 60 * 1000;

/** Runs `state`, named `name`, once on `input`. */
export async function runSingleState(
  state: StateDefinition,
  name: string,
  input: unknown,
  info: ExecutionInfo,
  host: Host,
  options: SingleStateOptions = {},
): Promise<SingleStateOutcome> {
  // Aborted as the answer is given: the limit's timer is dropped, and the run counts as ended.
  const limit = new AbortController();
  const history = new History(() => host.now(), false);
  const run: Run = { history, host: hostFor(state, host), info, input, halted: limit.signal };
  const entered = run.history.add(`${state.Type}StateEntered`);
  const retryCount = options.retryCount ?? 0;
  const item = options.inMap ? { index: 0, value: input } : undefined;
  const context = options.context ?? contextOf(run, state, name, host.now(), retryCount, item);
  const scope: Scope = { input, context, variables: { ...options.variables } };
  const inspection: Inspection = { input };
  // The limit is measured on the host's own clock, even for a Wait state that does not wait.
  const timedOut = host.sleep(SINGLE_STATE_LIMIT_MS, limit.signal).then(() => undefined);
  try {
    const step = await Promise.race([stepOf(run, name, state, scope, entered, inspection), timedOut]);
    if (step === undefined) return { status: 'FAILED', error: 'States.Timeout', inspection };
    const variables = { ...scope.variables, ...step.assigned };
    if (Object.keys(variables).length > 0) inspection.variables = variables;
    return {
      status: 'SUCCEEDED',
      output: step.output,
      ...(step.next !== undefined && { nextState: step.next }),
      inspection,
    };
  } catch (thrown) {
    const error = asStatesError(run, thrown, name, entered);
    return { ...handled(state, input, error, retryCount), inspection };
  } finally {
    limit.abort();
  }
}

/**
 * A Wait state's fields are evaluated but its time is not waited out: TestState answers at once
 * with the state's output and next state.
 */
function hostFor(state: StateDefinition, host: Host): Host {
  if (state.Type !== 'Wait') return host;
  return { ...host, sleep: () => Promise.resolve() };
}

/**
 * What the state's Retry and Catch make of its error, without retrying it: a retrier that has
 * attempts left after `retryCount` answers RETRIABLE with its backoff, "IntervalSeconds ×
 * BackoffRate^retrierRetryCount" (AWS docs, "Testing retry and error handling": 2 × 2.0^1 = 4).
 */
function handled(
  state: StateDefinition,
  input: unknown,
  error: StatesError,
  retryCount: number,
): Omit<SingleStateOutcome, 'inspection'> {
  const failure = { error: error.error, ...(error.cause !== undefined && { cause: error.cause }) };
  const delay = retryDelay(state, error, retryCount);
  if (delay !== undefined) {
    const retryIndex = indexOf(state, 'Retry', error);
    const retryBackoffIntervalSeconds = Math.trunc(delay / 1000);
    return { status: 'RETRIABLE', ...failure, errorDetails: { retryIndex, retryBackoffIntervalSeconds } };
  }
  const catcher = catcherFor(state, error);
  if (!catcher) return { status: 'FAILED', ...failure };
  return {
    status: 'CAUGHT_ERROR',
    ...failure,
    output: placeResult(input, catcher.ResultPath, errorOutput(error)),
    nextState: catcher.Next,
    errorDetails: { catchIndex: indexOf(state, 'Catch', error) },
  };
}

/** The index of the first retrier or catcher whose ErrorEquals names the error, as the interpreter picks it. */
function indexOf(state: StateDefinition, field: 'Retry' | 'Catch', error: StatesError): number {
  const handlers = (state[field] as (Retrier | Catcher)[] | undefined) ?? [];
  return handlers.findIndex((handler) =>
    errorMatches(handler.ErrorEquals, error.error, state.Type === 'Task'),
  );
}

function stepOf(
  run: Run,
  name: string,
  state: StateDefinition,
  scope: Scope,
  entered: number,
  inspection: Inspection,
): Promise<Step> {
  if (state['QueryLanguage'] === JSONATA) return jsonataStep(run, name, state, scope, entered, inspection);
  if (state.Type === 'Pass' || state.Type === 'Task') return processedStep(run, state, scope, inspection);
  // Choice, Wait and Succeed select their input with InputPath; Fail has no processing at all.
  if (state.Type !== 'Fail') inspection.afterInputPath = selectPath(scope.input, state['InputPath'], scope);
  return execute(run, name, state, scope, entered);
}

/**
 * A JSONPath Pass or Task state, step by step as an execution runs it (interpreter.ts: InputPath,
 * Parameters, the result, ResultSelector, ResultPath, OutputPath), each step's value kept.
 */
async function processedStep(
  run: Run,
  state: StateDefinition,
  scope: Scope,
  inspection: Inspection,
): Promise<Step> {
  const selected = selectPath(scope.input, state['InputPath'], scope);
  inspection.afterInputPath = selected;
  const parameters =
    state['Parameters'] === undefined
      ? selected
      : resolveTemplate(state['Parameters'], { ...scope, input: selected });
  inspection.afterParameters = parameters;
  const result =
    state.Type === 'Task' ? await taskResult(run, state, scope, parameters) : passResult(state, parameters);
  inspection.result = result;
  let shaped = result;
  if (state.Type === 'Task') {
    if (state['ResultSelector'] !== undefined)
      shaped = resolveTemplate(state['ResultSelector'], { ...scope, input: result });
    inspection.afterResultSelector = shaped;
  }
  const placed = placeResult(scope.input, state['ResultPath'] as string | null | undefined, shaped);
  inspection.afterResultPath = placed;
  return {
    output: selectPath(placed, state['OutputPath'], scope),
    next: nextOf(state),
    assigned: assignments(state, scope, result),
  };
}

const passResult = (state: StateDefinition, parameters: unknown) =>
  'Result' in state ? state['Result'] : parameters;

function taskResult(run: Run, state: StateDefinition, scope: Scope, parameters: unknown): Promise<unknown> {
  return runTask(run, requestOf(run, state['Resource'], taskFieldsOf(state, scope, parameters)));
}

/**
 * A JSONata state, run as in an execution; a Task's evaluated Arguments are what its integration
 * (or its mock) is called with, and its result what that answered.
 */
function jsonataStep(
  run: Run,
  name: string,
  state: StateDefinition,
  scope: Scope,
  entered: number,
  inspection: Inspection,
): Promise<Step> {
  return executeJsonata({ ...run, host: inspectedTasks(run.host, inspection) }, name, state, scope, entered);
}

function inspectedTasks(host: Host, inspection: Inspection): Host {
  const { task, mockedTask } = host;
  const performed = task && {
    task: async (request: TaskRequest) => {
      inspection.afterArguments = request.parameters;
      inspection.result = await task(request);
      return inspection.result;
    },
  };
  const mocked = mockedTask && {
    mockedTask: async (request: TaskRequest) => {
      inspection.afterArguments = request.parameters;
      const answer = await mockedTask(request);
      if (answer && 'Return' in answer) inspection.result = answer.Return;
      return answer;
    },
  };
  return { ...host, ...performed, ...mocked };
}
