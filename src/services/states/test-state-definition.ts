// The definition TestState is given: one state's JSON (AWS API reference, TestState). It is checked
// as CreateStateMachine checks a machine (definition.ts), by placing it in a machine of its own,
// whose other states stand for the targets it names (TestState does not run them, only names the
// next one); the diagnostics' locations are then made relative to the state. Then come the kinds
// of state TestState does not run: "TestState doesn't support Activity tasks, .sync or
// .waitForTaskToken service integration patterns, Parallel, or Map states."
import type { StateDefinition } from '../../asl/definition.js';
import { describeDiagnostic, diagnose, type Diagnostic } from './definition.js';
import { targetsOf } from './definition-graph.js';
import { invalidDefinition } from './errors.js';

/** The name the state has in its machine, and in its context object (`$$.State.Name`). */
export const TESTED_STATE = 'TestState';

const UNSUPPORTED_TYPES = new Set(['Parallel', 'Map']);
const ACTIVITY = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:activity:/;
const UNSUPPORTED_PATTERN = /\.(sync(?::2)?|waitForTaskToken)$/;

/** The state, or InvalidDefinition with the first problem as CreateStateMachine words it. */
export function parseState(text: string): StateDefinition {
  const problem = firstProblem(text);
  if (problem) throw invalidDefinition(describeDiagnostic(problem));
  const state = JSON.parse(text) as StateDefinition;
  checkSupported(state);
  return state;
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

function checkSupported(state: StateDefinition): void {
  if (UNSUPPORTED_TYPES.has(state.Type))
    throw invalidDefinition(`TestState does not support ${state.Type} states`);
  if (state.Type !== 'Task') return;
  const resource = String(state['Resource']);
  if (ACTIVITY.test(resource)) throw invalidDefinition('TestState does not support Activity tasks');
  const pattern = UNSUPPORTED_PATTERN.exec(resource);
  if (pattern)
    throw invalidDefinition(`TestState does not support the .${pattern[1]} service integration pattern`);
}
