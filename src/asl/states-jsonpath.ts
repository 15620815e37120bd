// The states of the JSONPath query language (AWS docs, "Processing input and output"): InputPath →
// Parameters → the state's work → ResultSelector → ResultPath → OutputPath, and Assign; Pass, Task,
// Choice, Wait, Succeed and Fail here, Parallel and Map in states-nested.ts. The JSONata states are
// states-jsonata.ts.
import { ruleMatches, timestampOf } from './choice.js';
import { nextOf, type StateDefinition } from './definition.js';
import { FieldError, RUNTIME, StatesError } from './errors.js';
import { sleepUntil, type Run, type Step } from './interpreter.js';
import { bracketed, PathNotFound, placeResult, readPath, type Scope } from './paths.js';
import { JSONPATH_NESTED, runMap, runParallel } from './states-nested.js';
import { roleArnOf, taskResult, type TaskFields } from './task.js';
import { evaluate, readField, resolveTemplate } from './template.js';

/** InputPath / OutputPath: null gives `{}`; a path that names nothing is AWS's "Invalid path" error. */
export function selectPath(value: unknown, path: unknown, scope: Scope): unknown {
  if (path === null) return {};
  if (path === undefined || path === '$') return value;
  try {
    return readPath(String(path), { ...scope, input: value });
  } catch (error) {
    if (!(error instanceof PathNotFound)) throw error;
    throw new FieldError(
      RUNTIME,
      `Invalid path '${String(path)}' : No results for path: ${bracketed(String(path))}`,
    );
  }
}

/** The state's effective input: InputPath, then Parameters. */
export function effectiveInput(state: StateDefinition, scope: Scope): unknown {
  const selected = selectPath(scope.input, state['InputPath'], scope);
  if (state['Parameters'] === undefined) return selected;
  return resolveTemplate(state['Parameters'], { ...scope, input: selected });
}

/** A result's way out: ResultSelector, ResultPath into the raw input, OutputPath. */
export function outputOf(state: StateDefinition, scope: Scope, result: unknown): unknown {
  const selected =
    state['ResultSelector'] === undefined
      ? result
      : resolveTemplate(state['ResultSelector'], { ...scope, input: result });
  const placed = placeResult(scope.input, state['ResultPath'] as string | null | undefined, selected);
  return selectPath(placed, state['OutputPath'], scope);
}

export function assignments(
  state: StateDefinition,
  scope: Scope,
  from: unknown,
): Record<string, unknown> | undefined {
  const assign = state['Assign'];
  if (assign === undefined) return undefined;
  return resolveTemplate(assign, { ...scope, input: from }) as Record<string, unknown>;
}

export async function execute(
  run: Run,
  name: string,
  state: StateDefinition,
  scope: Scope,
  entered: number,
): Promise<Step> {
  switch (state.Type) {
    case 'Pass': {
      const result = 'Result' in state ? state['Result'] : effectiveInput(state, scope);
      // Assign reads the state's result (AWS docs, "Passing data between states with variables").
      const assigned = assignments(state, scope, result);
      return { output: outputOf(state, scope, result), next: nextOf(state), assigned };
    }
    case 'Succeed': {
      const selected = selectPath(scope.input, state['InputPath'], scope);
      return { output: selectPath(selected, state['OutputPath'], scope), next: undefined };
    }
    case 'Fail':
      throw failure(state, scope);
    case 'Wait':
      return waitState(run, state, scope, entered);
    case 'Task':
      return taskState(run, state, scope);
    case 'Choice':
      return choiceState(state, scope);
    case 'Parallel':
      return runParallel(run, state, scope, JSONPATH_NESTED);
    case 'Map':
      return runMap(run, name, state, scope, entered, JSONPATH_NESTED);
    default:
      throw new StatesError(
        RUNTIME,
        `The state type '${state.Type}' is not supported by this interpreter yet`,
      );
  }
}

async function taskState(run: Run, state: StateDefinition, scope: Scope): Promise<Step> {
  const { result, scope: taskScope } = await taskResult(run, state['Resource'], scope, (withToken) =>
    taskFieldsOf(state, scope, effectiveInput(state, withToken)),
  );
  // Assign reads the task's result, as ResultSelector does.
  const assigned = assignments(state, taskScope, result);
  return { output: outputOf(state, taskScope, result), next: nextOf(state), assigned };
}

/** A JSONPath Task state's fields, its parameters evaluated already. */
export function taskFieldsOf(state: StateDefinition, scope: Scope, parameters: unknown): TaskFields {
  const credentials = state['Credentials'];
  return {
    parameters,
    timeoutSeconds: secondsOf(state, 'Timeout', scope),
    heartbeatSeconds: secondsOf(state, 'Heartbeat', scope),
    roleArn: roleArnOf(credentials === undefined ? undefined : resolveTemplate(credentials, scope)),
  };
}

/** TimeoutSeconds or HeartbeatSeconds, or the positive integer their `*Path` selects. */
export function secondsOf(
  state: StateDefinition,
  limit: 'Timeout' | 'Heartbeat',
  scope: Scope,
): number | undefined {
  const field = `${limit}Seconds`;
  if (typeof state[field] === 'number') return state[field];
  const path = state[`${field}Path`];
  if (typeof path !== 'string') return undefined;
  const seconds = readField(path, scope, `${field}Path`);
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds <= 0)
    throw new FieldError(
      RUNTIME,
      `The ${field}Path parameter does not reference a positive integer: ${path} == ${JSON.stringify(seconds)}`,
    );
  return seconds;
}

function failure(state: StateDefinition, scope: Scope): StatesError {
  const text = (field: string) => {
    if (state[field] !== undefined) return String(state[field]);
    const path = state[`${field}Path`];
    return path === undefined ? undefined : String(evaluate(String(path), scope, `${field}Path`));
  };
  return new StatesError(text('Error') ?? 'States.Fail', text('Cause'));
}

async function waitState(run: Run, state: StateDefinition, scope: Scope, entered: number): Promise<Step> {
  const selected = selectPath(scope.input, state['InputPath'], scope);
  await sleepUntil(run, waitUntil(state, { ...scope, input: selected }, run.host.now()), entered);
  const assigned = assignments(state, scope, scope.input);
  return { output: selectPath(selected, state['OutputPath'], scope), next: nextOf(state), assigned };
}

/** When a Wait state ends (epoch ms), with AWS's messages for values it refuses. */
function waitUntil(state: StateDefinition, scope: Scope, now: number): number {
  if (typeof state['Seconds'] === 'number') return now + state['Seconds'] * 1000;
  if (typeof state['Timestamp'] === 'string') return timestampOf(state['Timestamp']) ?? now;
  if (typeof state['SecondsPath'] === 'string') {
    const path = state['SecondsPath'];
    const seconds = readField(path, scope, 'SecondsPath');
    if (typeof seconds !== 'number' || !Number.isInteger(seconds))
      throw new FieldError(
        RUNTIME,
        `The SecondsPath parameter cannot be parsed as a long value: ${path} == ${JSON.stringify(seconds)}`,
      );
    if (seconds < 0)
      throw new FieldError(
        RUNTIME,
        `The SecondsPath parameter references a negative value: ${path} == ${seconds}`,
      );
    return now + seconds * 1000;
  }
  const path = String(state['TimestampPath']);
  const value = readField(path, scope, 'TimestampPath');
  const time = timestampOf(value);
  if (time === undefined)
    throw new FieldError(
      RUNTIME,
      `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${typeof value === 'string' ? value : JSON.stringify(value)}`,
    );
  return time;
}

function choiceState(state: StateDefinition, scope: Scope): Step {
  const selected = selectPath(scope.input, state['InputPath'], scope);
  const choiceScope = { ...scope, input: selected };
  const rules = (state['Choices'] as Record<string, unknown>[] | undefined) ?? [];
  const rule = rules.find((candidate) => ruleMatches(candidate, choiceScope));
  const next = (rule?.['Next'] as string | undefined) ?? (state['Default'] as string | undefined);
  if (next === undefined)
    throw new StatesError('States.NoChoiceMatched', `No Choice Rule matched and no Default is specified`);
  // A matched rule's Assign is the state's; the state's own applies when Default is taken.
  const assigned = rule?.['Assign']
    ? (resolveTemplate(rule['Assign'], choiceScope) as Record<string, unknown>)
    : assignments(state, scope, scope.input);
  return { output: selectPath(selected, state['OutputPath'], scope), next, assigned };
}
