// States whose QueryLanguage is JSONata: no paths, but `Arguments`, `Output`, `Assign`, `Items`,
// `ItemSelector` and Choice `Condition`s, any part of which may be an expression
// (AWS docs, "Transforming data with JSONata in Step Functions").
import { FieldError, QUERY_EVALUATION, StatesError } from './errors.js';
import { nextOf, type StateDefinition } from './definition.js';
import { timestampOf } from './choice.js';
import { sleepUntil, type Run, type Step } from './interpreter.js';
import { evaluateJsonata, JSONATA, type StatesBinding } from './jsonata.js';
import type { Scope } from './paths.js';
import { runMap, runParallel, type NestedLanguage } from './states-nested.js';
import { roleArnOf, taskResult } from './task.js';

function field(state: StateDefinition, name: string, scope: Scope, extra: Partial<StatesBinding> = {}) {
  const states = { input: scope.input, context: scope.context, ...extra };
  return evaluateJsonata(state[name], states, scope.variables, name);
}

/** Output (the state's input unless given) and Assign, with `$states.result` when there is one. */
async function finish(state: StateDefinition, scope: Scope, result?: unknown): Promise<Omit<Step, 'next'>> {
  const extra = result === undefined ? {} : { result };
  const output =
    state['Output'] === undefined ? (result ?? scope.input) : await field(state, 'Output', scope, extra);
  const assigned =
    state['Assign'] === undefined
      ? undefined
      : ((await field(state, 'Assign', scope, extra)) as Record<string, unknown>);
  return { output, assigned };
}

const JSONATA_NESTED: NestedLanguage = {
  name: JSONATA,
  input: async (state, scope, type) =>
    type === 'Parallel' && state['Arguments'] !== undefined ? field(state, 'Arguments', scope) : scope.input,
  items: async (state, scope) => (state['Items'] === undefined ? scope.input : field(state, 'Items', scope)),
  itemInput: async (state, scope, value) =>
    state['ItemSelector'] === undefined ? value : field(state, 'ItemSelector', scope),
  integer: async (state, scope, name) => {
    if (state[name] === undefined) return undefined;
    const value = await field(state, name, scope);
    return typeof value === 'number' ? value : Number(value);
  },
  percentage: async (state, scope) =>
    state['ToleratedFailurePercentage'] === undefined
      ? undefined
      : Number(await field(state, 'ToleratedFailurePercentage', scope)),
  template: (holder, name, scope) => field(holder, name, scope),
  finish,
};

export async function executeJsonata(
  run: Run,
  name: string,
  state: StateDefinition,
  scope: Scope,
  entered: number,
): Promise<Step> {
  switch (state.Type) {
    case 'Pass':
    case 'Succeed':
      return { ...(await finish(state, scope)), next: state.Type === 'Pass' ? nextOf(state) : undefined };
    case 'Fail': {
      const text = async (name: string) =>
        state[name] === undefined ? undefined : String(await field(state, name, scope));
      throw new StatesError((await text('Error')) ?? 'States.Fail', await text('Cause'));
    }
    case 'Wait':
      await wait(run, state, scope, entered);
      return { ...(await finish(state, scope)), next: nextOf(state) };
    case 'Choice':
      return choose(state, scope);
    case 'Task': {
      const limit = async (name: string, taskScope: Scope) =>
        state[name] === undefined ? undefined : Number(await field(state, name, taskScope));
      const { result, scope: taskScope } = await taskResult(
        run,
        state['Resource'],
        scope,
        async (withToken) => ({
          parameters:
            state['Arguments'] === undefined ? withToken.input : await field(state, 'Arguments', withToken),
          timeoutSeconds: await limit('TimeoutSeconds', withToken),
          heartbeatSeconds: await limit('HeartbeatSeconds', withToken),
          roleArn: roleArnOf(
            state['Credentials'] === undefined ? undefined : await field(state, 'Credentials', withToken),
          ),
        }),
      );
      return { ...(await finish(state, taskScope, result)), next: nextOf(state) };
    }
    case 'Parallel':
      return runParallel(run, state, scope, JSONATA_NESTED);
    case 'Map':
      return runMap(run, name, state, scope, entered, JSONATA_NESTED);
    default:
      throw new StatesError(
        'States.Runtime',
        `The state type '${state.Type}' is not supported by this interpreter yet`,
      );
  }
}

async function wait(run: Run, state: StateDefinition, scope: Scope, entered: number): Promise<void> {
  const now = run.host.now();
  let until = now;
  if (state['Seconds'] !== undefined) until = now + Number(await field(state, 'Seconds', scope)) * 1000;
  else if (state['Timestamp'] !== undefined) {
    const value = await field(state, 'Timestamp', scope);
    const time = timestampOf(value);
    if (time === undefined)
      throw new FieldError(
        QUERY_EVALUATION,
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${String(value)}`,
        'Timestamp',
      );
    until = time;
  }
  await sleepUntil(run, until, entered);
}

async function choose(state: StateDefinition, scope: Scope): Promise<Step> {
  const rules = (state['Choices'] as StateDefinition[] | undefined) ?? [];
  for (const rule of rules) {
    const condition =
      typeof rule['Condition'] === 'boolean' ? rule['Condition'] : await field(rule, 'Condition', scope);
    if (condition !== true) continue;
    return {
      ...(await finish({ ...state, ...(rule['Assign'] !== undefined && { Assign: rule['Assign'] }) }, scope)),
      next: rule['Next'] as string,
    };
  }
  const next = state['Default'] as string | undefined;
  if (next === undefined)
    throw new StatesError('States.NoChoiceMatched', 'No Choice Rule matched and no Default is specified');
  return { ...(await finish(state, scope)), next };
}
