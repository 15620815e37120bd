// Checks a definition as CreateStateMachine, UpdateStateMachine and ValidateStateMachineDefinition
// do, with AWS's diagnostic codes (INVALID_JSON_DESCRIPTION, SCHEMA_VALIDATION_FAILED,
// MISSING_TRANSITION_TARGET, MISSING_END_STATE, …). Every problem found is a diagnostic; the first one is the message
// of InvalidDefinition. Nested machines (Parallel branches, Map processors) are checked the same way.
import type { Machine, StateDefinition } from '../../asl/definition.js';
import { graphDiagnostics } from './definition-graph.js';
import { languageDiagnostics, machineLanguageOf } from './definition-language.js';
import { invalidDefinition } from './errors.js';

export interface Diagnostic {
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
  /** A JSON pointer-like path into the definition ("/States/A/Next"), when AWS gives one. */
  location?: string;
}

const TYPES = new Set(['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);
const TERMINAL = new Set(['Succeed', 'Fail', 'Choice']);
/** Express workflows run neither the job-run (.sync) nor the callback pattern (AWS docs, "Standard vs. Express"). */
const EXPRESS_UNSUPPORTED = /\.(waitForTaskToken|sync)(:\d+)?$/;

interface Check {
  found: Diagnostic[];
  type: string;
  /** The machine's own query language, which its nested states inherit too. */
  language: string;
}

const error = (code: string, message: string, location?: string): Diagnostic => ({
  severity: 'ERROR',
  code,
  message,
  ...(location !== undefined && { location }),
});

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every problem of a definition, in the order CreateStateMachine meets them. */
export function diagnose(text: string, type = 'STANDARD'): Diagnostic[] {
  let machine: unknown;
  try {
    machine = JSON.parse(text);
  } catch (problem) {
    // AWS answers an empty definition as a schema problem, not a JSON one (ValidateStateMachineDefinition).
    if (text.trim() === '')
      return [error('SCHEMA_VALIDATION_FAILED', 'Definition must be a valid JSON object')];
    return [error('INVALID_JSON_DESCRIPTION', (problem as Error).message)];
  }
  if (!isObject(machine))
    return [error('SCHEMA_VALIDATION_FAILED', 'Definition must be a valid JSON object')];
  const check: Check = { found: [], type, language: machineLanguageOf(machine) };
  checkMachine(machine, '', check);
  return check.found;
}

/** The definition, or InvalidDefinition with its first error as AWS words it. */
export function parseDefinition(text: string, type?: string): Machine {
  const first = diagnose(text, type).find((diagnostic) => diagnostic.severity === 'ERROR');
  if (first) throw invalidDefinition(describeDiagnostic(first));
  return JSON.parse(text) as Machine;
}

/** Stored definitions parsed lately, by their text: an execution starts without parsing its machine again. */
const parsed = new Map<string, Machine>();
const PARSED_KEPT = 32;

/**
 * A definition as a machine or version keeps it, checked when it was stored: parsed only, and
 * shared by the executions that run it (the interpreter only reads a machine).
 */
export function storedDefinition(text: string): Machine {
  let machine = parsed.get(text);
  if (machine) return machine;
  machine = deepFreeze(JSON.parse(text)) as Machine;
  if (parsed.size === PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
  parsed.set(text, machine);
  return machine;
}

/** Frozen throughout, so that a change by mistake fails loudly instead of reaching other executions. */
function deepFreeze(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

/** "CODE: message at /location", the form InvalidDefinition's message takes. */
export function describeDiagnostic({ code, message, location }: Diagnostic): string {
  // A diagnostic without a location is "… at null" (recorded for MISSING_END_STATE); the JSON
  // parser's message stands alone.
  return code === 'INVALID_JSON_DESCRIPTION'
    ? `${code}: ${message}`
    : `${code}: ${message} at ${location ?? 'null'}`;
}

function checkMachine(machine: unknown, at: string, check: Check): void {
  if (!isObject(machine)) {
    check.found.push(error('SCHEMA_VALIDATION_FAILED', 'Expected an object', at || '/'));
    return;
  }
  const { StartAt, States } = machine as Partial<Machine>;
  const hasStates = isObject(States) && Object.keys(States).length > 0;
  const missing = [...(hasStates ? [] : ['States']), ...(typeof StartAt === 'string' ? [] : ['StartAt'])];
  if (missing.length > 0)
    check.found.push(
      error('SCHEMA_VALIDATION_FAILED', `These fields are required: [${missing.join(', ')}]`, at || '/'),
    );
  if (!hasStates) return;
  if (typeof StartAt === 'string' && !(StartAt in States))
    check.found.push(
      error('MISSING_TRANSITION_TARGET', `State "${StartAt}" is not reachable.`, `${at}/StartAt`),
    );
  for (const [name, state] of Object.entries(States))
    checkState(state, States, `${at}/States/${name}`, check);
  if (typeof StartAt === 'string' && StartAt in States)
    check.found.push(...graphDiagnostics(StartAt, States, at));
}

/**
 * The fields only some state types take; AWS refuses them elsewhere with "Field '<name>' is not
 * supported" at the state (measured: TimeoutSeconds on every type but Task, Retry and Catch on
 * Pass, Wait, Choice, Succeed and Fail).
 */
const FIELD_TYPES: Readonly<Record<string, readonly string[]>> = {
  TimeoutSeconds: ['Task'],
  TimeoutSecondsPath: ['Task'],
  HeartbeatSeconds: ['Task'],
  HeartbeatSecondsPath: ['Task'],
  Retry: ['Task', 'Parallel', 'Map'],
  Catch: ['Task', 'Parallel', 'Map'],
};

function checkFields(state: StateDefinition, at: string, check: Check): void {
  for (const [field, types] of Object.entries(FIELD_TYPES))
    if (state[field] !== undefined && !types.includes(state.Type))
      check.found.push(error('SCHEMA_VALIDATION_FAILED', `Field '${field}' is not supported`, at));
}

function checkState(
  state: StateDefinition,
  states: Record<string, StateDefinition>,
  at: string,
  check: Check,
): void {
  if (!isObject(state) || !TYPES.has(state.Type)) {
    check.found.push(
      error(
        'SCHEMA_VALIDATION_FAILED',
        `The field "Type" should be one of ${[...TYPES].join(', ')}`,
        `${at}/Type`,
      ),
    );
    return;
  }
  checkFields(state, at, check);
  check.found.push(...languageDiagnostics(state, at, check.language));
  checkTransitions(state, states, at, check);
  if (check.type === 'EXPRESS') checkExpressTask(state, at, check);
  const branches = (state['Branches'] as unknown[] | undefined) ?? [];
  branches.forEach((branch, index) => checkMachine(branch, `${at}/Branches[${index}]`, check));
  if (state.Type === 'Map')
    checkMachine(state['ItemProcessor'] ?? state['Iterator'], `${at}/ItemProcessor`, check);
}

function checkTransitions(
  state: StateDefinition,
  states: Record<string, StateDefinition>,
  at: string,
  check: Check,
): void {
  const next = state['Next'];
  if (next !== undefined && !(String(next) in states))
    check.found.push(
      error('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${String(next)}`, `${at}/Next`),
    );
  if (!TERMINAL.has(state.Type) && next === undefined && state['End'] !== true)
    check.found.push(error('SCHEMA_VALIDATION_FAILED', 'The field "Next" or "End" is required', at));
  // AWS says 'Next' for every kind of target, at the target's own place (measured).
  const missing = (target: unknown, location: string) => {
    if (target !== undefined && !(String(target) in states))
      check.found.push(
        error('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${String(target)}`, location),
      );
  };
  const listOf = (field: string) =>
    Array.isArray(state[field]) ? (state[field] as (Record<string, unknown> | null)[]) : [];
  listOf('Choices').forEach((rule, index) => missing(rule?.['Next'], `${at}/Choices[${index}]/Next`));
  missing(state['Default'], `${at}/Default`);
  listOf('Catch').forEach((catcher, index) => missing(catcher?.['Next'], `${at}/Catch[${index}]/Next`));
}

function checkExpressTask(state: StateDefinition, at: string, check: Check): void {
  const resource = state['Resource'];
  const pattern = state.Type === 'Task' && typeof resource === 'string' && EXPRESS_UNSUPPORTED.exec(resource);
  if (!pattern) return;
  // AWS's message ends with a space (ValidateStateMachineDefinition, type EXPRESS).
  check.found.push(
    error(
      'SCHEMA_VALIDATION_FAILED',
      `Express state machine does not support '.${pattern[1]}' service integration `,
      `${at}/Resource`,
    ),
  );
}
