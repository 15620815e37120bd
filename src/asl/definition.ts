// The shapes of a state machine definition, as the interpreter reads them.

export interface Machine {
  StartAt: string;
  States: Record<string, StateDefinition>;
  QueryLanguage?: string;
  TimeoutSeconds?: number;
  Comment?: string;
}

export type StateDefinition = Record<string, unknown> & { Type: string };

/** The state after `state`: none when it ends the machine. */
export const nextOf = (state: StateDefinition) =>
  state['End'] === true ? undefined : (state['Next'] as string | undefined);

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: string;
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Assign?: Record<string, unknown>;
}

/** Whether a retrier's or catcher's ErrorEquals takes `error` (AWS docs, "Handling errors in Step Functions workflows"). */
export function errorMatches(names: string[], error: string, inTask: boolean): boolean {
  if (names.includes(error)) return true;
  // Neither wildcard takes a runtime error or the terminal States.DataLimitExceeded (AWS docs, "Error names").
  if (error === 'States.Runtime' || error === 'States.DataLimitExceeded') return false;
  // In a Task state, States.TaskFailed matches every error but States.Timeout (AWS docs, "Error names").
  if (inTask && names.includes('States.TaskFailed') && error !== 'States.Timeout') return true;
  return names.includes('States.ALL');
}
