// TestState's `context`: "A JSON string representing a valid Context object for the state under
// test" (AWS API reference). It stands for the whole context object, as given: AWS answers `$$` as
// `{}` for a context of `{}` (recorded responses), so nothing of TestState's own is merged in. Its
// fields are those of an execution's context object; `Map` is refused, and `Task` is only for a
// Task of the .sync or .waitForTaskToken pattern. The messages are those AWS answers.
import { validationException } from './errors.js';

type Kind = 'string' | 'integer' | 'any';

const FIELDS: Record<string, Record<string, Kind>> = {
  Execution: {
    Id: 'string',
    Input: 'any',
    Name: 'string',
    RoleArn: 'string',
    StartTime: 'string',
    RedriveCount: 'integer',
    RedriveTime: 'string',
  },
  State: { EnteredTime: 'string', Name: 'string', RetryCount: 'integer' },
  StateMachine: { Id: 'string', Name: 'string' },
  Task: { Token: 'string' },
};

/** The JSON text's value, or a ValidationException naming `problem`. */
export function parsed(text: string, problem: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw validationException(`${problem}: ${(error as Error).message}`);
  }
}

const invalid = (problem: string) => validationException(`Invalid Context object provided: ${problem}`);

/** The context object, or AWS's ValidationException for its first wrong field. */
export function checkContext(text: string): Record<string, unknown> {
  const context = parsed(text, 'Invalid Context object provided');
  if (!isObject(context)) throw invalid('the Context object must be a JSON object');
  for (const [name, value] of Object.entries(context)) {
    if (name === 'Map') throw invalid("'Map' field is not supported when mocking a Context object");
    const fields = FIELDS[name];
    if (!fields) throw invalid(`Field '${name}' is not allowed`);
    if (!isObject(value)) throw invalid(`${name} must be an object`);
    checkFields(name, value, fields);
  }
  return context;
}

function checkFields(parent: string, value: Record<string, unknown>, fields: Record<string, Kind>): void {
  for (const [name, field] of Object.entries(value)) {
    const kind = fields[name];
    if (!kind) throw invalid(`Field '${name}' is not allowed`);
    if (kind === 'string' && typeof field !== 'string') throw invalid(`${parent}.${name} must be a string`);
    if (kind === 'integer' && !Number.isInteger(field)) throw invalid(`${parent}.${name} must be an integer`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A `Task` field is for a Task state that waits for a token or a job only. */
export function checkTaskField(context: Record<string, unknown>, resource: unknown): void {
  if (!('Task' in context)) return;
  if (/\.(sync(:2)?|waitForTaskToken)$/.test(String(resource))) return;
  throw invalid(
    "Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern",
  );
}
