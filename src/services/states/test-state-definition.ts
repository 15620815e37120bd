// The definition TestState is given: one state's JSON (AWS API reference, TestState). It is checked
// as CreateStateMachine checks a machine (definition.ts), by placing it in a machine of its own,
// whose other states stand for the targets it names (TestState does not run them, only names the
// next one); the diagnostics' locations are then made relative to the state. With `stateName` the
// definition is a whole machine, checked as it is, and the state is the one of that name (at its
// top level or in a Parallel's branch or a Map's processor). Then come the kinds of state TestState
// does not run: Parallel and Map; Activity tasks and the .sync and .waitForTaskToken patterns
// unless mocked ("TestState only supports the following when a mock is specified"); and a mock
// is for a Task state ("A mock can only be specified for Task, Map, or Parallel states").
import type { StateDefinition } from '../../asl/definition.js';
import { describeDiagnostic, diagnose, type Diagnostic } from './definition.js';
import { targetsOf } from './definition-graph.js';
import { invalidDefinition, validationException } from './errors.js';

/** The name the state has in its machine, and in its context object (`$$.State.Name`). */
export const TESTED_STATE = 'TestState';

const UNSUPPORTED_TYPES = new Set(['Parallel', 'Map']);
const ACTIVITY = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:activity:/;
const MOCKED_ONLY_PATTERN = /\.(sync(?::2)?|waitForTaskToken)$/;

/** The state to test, its name, and whether it is an iteration of a Map's processor. */
export interface TestedState {
  state: StateDefinition;
  name: string;
  inMap: boolean;
}

/** The state, or InvalidDefinition with the first problem as CreateStateMachine words it. */
export function parseState(text: string, stateName: string | undefined, mocked: boolean): TestedState {
  const tested = stateName === undefined ? singleState(text) : stateOfMachine(text, stateName);
  checkSupported(tested.state, mocked);
  return tested;
}

function singleState(text: string): TestedState {
  const problem = firstProblem(text);
  if (problem) throw invalidDefinition(describeDiagnostic(problem));
  return { state: JSON.parse(text) as StateDefinition, name: TESTED_STATE, inMap: false };
}

interface MachineStates {
  States?: Record<string, StateDefinition>;
}

function stateOfMachine(text: string, stateName: string): TestedState {
  const problem = diagnose(text).find(isError);
  if (problem) throw invalidDefinition(describeDiagnostic(problem));
  const found = findState(JSON.parse(text) as MachineStates, stateName, false);
  if (!found) throw validationException(`State '${stateName}' is not in the state machine definition`);
  return found;
}

/** The state named `name` in `machine` or in a machine nested in one of its states. */
function findState(machine: MachineStates, name: string, inMap: boolean): TestedState | undefined {
  const states = machine.States ?? {};
  const own = Object.prototype.hasOwnProperty.call(states, name) ? states[name] : undefined;
  if (own) return { state: own, name, inMap };
  for (const state of Object.values(states)) {
    const branches = (state['Branches'] as MachineStates[] | undefined) ?? [];
    const processor = (state['ItemProcessor'] ?? state['Iterator']) as MachineStates | undefined;
    const nested = [
      ...branches.map((branch) => findState(branch, name, inMap)),
      processor && findState(processor, name, true),
    ].find((candidate) => candidate !== undefined);
    if (nested) return nested;
  }
  return undefined;
}

function firstProblem(text: string): Diagnostic | undefined {
  const parsed = parseObject(text);
  // Not a JSON object: the problem is the text's own (INVALID_JSON_DESCRIPTION, SCHEMA_VALIDATION_FAILED).
  if (!parsed) return diagnose(text).find(isError);
  const machine = { StartAt: TESTED_STATE, States: { ...placeholdersOf(parsed), [TESTED_STATE]: parsed } };
  const found = diagnose(JSON.stringify(machine)).find(isError);
  return found && relativeTo(found, `/States/${TESTED_STATE}`);
}

const isError = (diagnostic: Diagnostic) => diagnostic.severity === 'ERROR';

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A placeholder for each state the tested one may go on to (Next, Choices, Default, Catch). */
function placeholdersOf(state: Record<string, unknown>): Record<string, StateDefinition> {
  return Object.fromEntries(targetsOf(state as StateDefinition).map((name) => [name, { Type: 'Succeed' }]));
}

/** The diagnostic with its location inside the state's own JSON ("/Type", "/" for the state). */
function relativeTo(diagnostic: Diagnostic, prefix: string): Diagnostic {
  const { location } = diagnostic;
  if (location === undefined || !location.startsWith(prefix)) return diagnostic;
  return { ...diagnostic, location: location.slice(prefix.length) || '/' };
}

function checkSupported(state: StateDefinition, mocked: boolean): void {
  // Nubis runs neither kind in TestState, even mocked (AWS tests their input and output processing).
  if (UNSUPPORTED_TYPES.has(state.Type))
    throw invalidDefinition(`TestState does not support ${state.Type} states`);
  if (mocked && state.Type !== 'Task')
    throw validationException(`State type '${state.Type}' is not supported when a mock is specified`);
  if (state.Type !== 'Task') return;
  const resource = String(state['Resource']);
  // The activity's worker is not mocked in Nubis: its task would wait for one.
  if (ACTIVITY.test(resource)) throw invalidDefinition('TestState does not support Activity tasks');
  const pattern = MOCKED_ONLY_PATTERN.exec(resource);
  if (pattern && !mocked)
    throw invalidDefinition(`TestState does not support the .${pattern[1]} service integration pattern`);
}
