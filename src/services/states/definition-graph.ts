// The rules a machine's states obey as a graph, with the diagnostics AWS answers for them
// (measured with ValidateStateMachineDefinition): a machine needs a terminal state (a Succeed or
// Fail state, or one with "End": true), else MISSING_END_STATE without a location; every state must
// be reachable from StartAt through Next, a Choice's rules and Default, and a Catch's Next, else
// MISSING_TRANSITION_TARGET at the state — a check AWS skips when the machine has no terminal state.
import type { StateDefinition } from '../../asl/definition.js';
import type { Diagnostic } from './definition.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isTerminal = (state: StateDefinition) =>
  state.Type === 'Succeed' || state.Type === 'Fail' || state['End'] === true;

/** The states a state can go to next. */
export function targetsOf(state: StateDefinition): string[] {
  const rules = Array.isArray(state['Choices']) ? (state['Choices'] as Record<string, unknown>[]) : [];
  const catchers = Array.isArray(state['Catch']) ? (state['Catch'] as Record<string, unknown>[]) : [];
  return [
    state['Next'],
    state['Default'],
    ...rules.map((rule) => rule?.['Next']),
    ...catchers.map((c) => c?.['Next']),
  ].filter((target): target is string => typeof target === 'string');
}

function reachable(startAt: string, states: Record<string, StateDefinition>): Set<string> {
  const seen = new Set<string>();
  const pending = [startAt];
  while (pending.length > 0) {
    const name = pending.pop()!;
    const state = states[name];
    if (seen.has(name) || !isObject(state)) continue;
    seen.add(name);
    pending.push(...targetsOf(state));
  }
  return seen;
}

/** The graph's diagnostics for the machine at `at` (its StartAt names one of its states). */
export function graphDiagnostics(
  startAt: string,
  states: Record<string, StateDefinition>,
  at: string,
): Diagnostic[] {
  const all = Object.entries(states).filter(([, state]) => isObject(state));
  if (!all.some(([, state]) => isTerminal(state)))
    return [{ severity: 'ERROR', code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' }];
  const seen = reachable(startAt, states);
  return all
    .filter(([name]) => !seen.has(name))
    .map(([name]) => ({
      severity: 'ERROR',
      code: 'MISSING_TRANSITION_TARGET',
      message: `State "${name}" is not reachable.`,
      location: `${at}/States/${name}`,
    }));
}
