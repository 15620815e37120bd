// Checks a definition as CreateStateMachine does before keeping it, with AWS's diagnostic codes
// (INVALID_JSON_DESCRIPTION, SCHEMA_VALIDATION_FAILED, MISSING_TRANSITION_TARGET, …) in the message
// of InvalidDefinition. Nested machines (Parallel branches, Map processors) are checked the same way.
import type { Machine, StateDefinition } from '../../asl/definition.js';
import { invalidDefinition } from './errors.js';

const TYPES = new Set(['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);
const TERMINAL = new Set(['Succeed', 'Fail', 'Choice']);

export function parseDefinition(text: string): Machine {
  let machine: unknown;
  try {
    machine = JSON.parse(text);
  } catch (error) {
    throw invalidDefinition(`INVALID_JSON_DESCRIPTION: ${(error as Error).message}`);
  }
  checkMachine(machine, '');
  return machine as Machine;
}

function checkMachine(machine: unknown, at: string): void {
  if (typeof machine !== 'object' || machine === null || Array.isArray(machine))
    throw invalidDefinition(`SCHEMA_VALIDATION_FAILED: Expected an object at ${at || '/'}`);
  const { StartAt, States } = machine as Partial<Machine>;
  if (typeof StartAt !== 'string')
    throw invalidDefinition(`SCHEMA_VALIDATION_FAILED: The field "StartAt" is required at ${at || '/'}`);
  if (typeof States !== 'object' || States === null || Object.keys(States).length === 0)
    throw invalidDefinition(`SCHEMA_VALIDATION_FAILED: The field "States" is required at ${at || '/'}`);
  if (!(StartAt in States))
    throw invalidDefinition(
      `MISSING_TRANSITION_TARGET: State "${StartAt}" is not reachable. at ${at}/StartAt`,
    );
  for (const [name, state] of Object.entries(States)) checkState(name, state, States, `${at}/States/${name}`);
}

function checkState(
  name: string,
  state: StateDefinition,
  states: Record<string, StateDefinition>,
  at: string,
): void {
  if (!TYPES.has(state?.Type))
    throw invalidDefinition(
      `SCHEMA_VALIDATION_FAILED: The field "Type" should be one of ${[...TYPES].join(', ')} at ${at}/Type`,
    );
  const next = state['Next'];
  if (next !== undefined && !(String(next) in states))
    throw invalidDefinition(
      `MISSING_TRANSITION_TARGET: Missing 'Next' target: ${String(next)} at ${at}/Next`,
    );
  if (!TERMINAL.has(state.Type) && next === undefined && state['End'] !== true)
    throw invalidDefinition(`SCHEMA_VALIDATION_FAILED: The field "Next" or "End" is required at ${at}`);
  for (const rule of (state['Choices'] as Record<string, unknown>[] | undefined) ?? []) {
    if (rule['Next'] !== undefined && !(String(rule['Next']) in states))
      throw invalidDefinition(
        `MISSING_TRANSITION_TARGET: Missing 'Next' target: ${String(rule['Next'])} at ${at}/Choices`,
      );
  }
  const branches = (state['Branches'] as unknown[] | undefined) ?? [];
  branches.forEach((branch, index) => checkMachine(branch, `${at}/Branches[${index}]`));
  const processor = state['ItemProcessor'] ?? state['Iterator'];
  if (state.Type === 'Map') checkMachine(processor, `${at}/ItemProcessor`);
}
