// Errors of the States Language: every failure an execution can meet has a name (`States.Runtime`,
// a Fail state's own Error, …) and a cause, which Catch and Retry match and the history records.

export class StatesError extends Error {
  constructor(
    readonly error: string,
    override readonly cause?: string,
  ) {
    super(cause ?? error);
  }
}

/**
 * A field of a state that could not be evaluated. AWS reports it with the state's name and the id of
 * the event that entered it (see `inState`); a JSONata error (States.QueryEvaluationError) is also
 * recorded as an EvaluationFailed event, with the field as `location`.
 */
export class FieldError extends Error {
  constructor(
    readonly error: string,
    readonly detail: string,
    readonly location?: string,
  ) {
    super(detail);
  }
}

/** AWS's wording for a field error: "An error occurred while executing the state 'X' (entered at the event id #N). …". */
export function inState(error: FieldError, state: string, enteredEventId: number): StatesError {
  return new StatesError(
    error.error,
    `An error occurred while executing the state '${state}' (entered at the event id #${enteredEventId}). ${error.detail}`,
  );
}

export const RUNTIME = 'States.Runtime';
export const QUERY_EVALUATION = 'States.QueryEvaluationError';
