// The members TestState gained in November 2024 and November 2025 (AWS API reference, TestState;
// AWS docs, "Testing state machines with TestState API"): the variables the state sees, a mocked
// result or error in place of the task's call, a context object in place of the one TestState
// makes, and the retries already spent. The refusals whose wording is quoted are those AWS answers
// (recorded responses); the others are worded here, AWS's own not being known.
import type { MockedAnswer } from '../../asl/task.js';
import { SENSITIVE, validationException, type Violation } from './errors.js';
import { checkContext, parsed } from './test-state-context.js';

export interface MockInput {
  result?: string;
  errorOutput?: { error?: string; cause?: string };
  fieldValidationMode?: string;
}

export interface StateConfiguration {
  retrierRetryCount?: number;
  errorCausedByState?: string;
  mapIterationFailureCount?: number;
  mapItemReaderData?: string;
}

export interface TestStateExtras {
  roleArn?: string;
  revealSecrets?: boolean;
  variables?: string;
  stateName?: string;
  context?: string;
  mock?: MockInput;
  stateConfiguration?: StateConfiguration;
}

/** What the extras make of the run. */
export interface TestOptions {
  variables: Record<string, unknown>;
  context?: Record<string, unknown>;
  mock?: MockedAnswer;
  /** The attempts the state's retrier has made already (`retrierRetryCount`). */
  retryCount: number;
}

const VALIDATION_MODES = ['STRICT', 'PRESENT', 'NONE'];
const MAX_DATA_BYTES = 262_144;
const MAX_STATE_NAME = 80;

/** The API reference's constraints on the extras, as coral words them. */
export function extrasViolations(extras: TestStateExtras): Violation[] {
  const config = extras.stateConfiguration ?? {};
  const mode = extras.mock?.fieldValidationMode;
  return [
    // "When you specify a mock, specifying the role becomes optional."
    ...(extras.roleArn === undefined && extras.mock === undefined
      ? [{ value: null, path: 'roleArn', constraint: 'Member must not be null' }]
      : []),
    ...tooLong(SENSITIVE, 'variables', extras.variables, MAX_DATA_BYTES),
    ...tooLong(SENSITIVE, 'context', extras.context, MAX_DATA_BYTES),
    ...tooLong(SENSITIVE, 'mock.result', extras.mock?.result, MAX_DATA_BYTES),
    ...(extras.stateName === '' ? [minLength(SENSITIVE, 'stateName')] : []),
    ...tooLong(SENSITIVE, 'stateName', extras.stateName, MAX_STATE_NAME),
    ...(mode === undefined || VALIDATION_MODES.includes(mode)
      ? []
      : [{ value: mode, path: 'mock.fieldValidationMode', constraint: enumOf(VALIDATION_MODES) }]),
    ...atLeastZero(config.retrierRetryCount, 'stateConfiguration.retrierRetryCount'),
    ...atLeastZero(config.mapIterationFailureCount, 'stateConfiguration.mapIterationFailureCount'),
  ];
}

function tooLong(value: unknown, path: string, text: string | undefined, max: number): Violation[] {
  if (text === undefined || Buffer.byteLength(text) <= max) return [];
  return [{ value, path, constraint: `Member must have length less than or equal to ${max}` }];
}

const minLength = (value: unknown, path: string): Violation => ({
  value,
  path,
  constraint: 'Member must have length greater than or equal to 1',
});

const enumOf = (values: string[]) => `Member must satisfy enum value set: [${values.join(', ')}]`;

function atLeastZero(value: number | undefined, path: string): Violation[] {
  if (value === undefined || value >= 0) return [];
  return [{ value, path, constraint: 'Member must have value greater than or equal to 0' }];
}

/** The options of the run, or the ValidationException of the first extra that is wrong. */
export function optionsOf(extras: TestStateExtras): TestOptions {
  const { mock } = extras;
  if (mock && extras.revealSecrets === true)
    throw validationException('TestState does not support RevealSecrets when a mock is specified.');
  // "This field may only be specified if a mock is specified in the same request."
  if (extras.context !== undefined && !mock)
    throw validationException('The context field may only be specified if a mock is specified');
  return {
    variables: extras.variables === undefined ? {} : variablesOf(extras.variables),
    ...(extras.context !== undefined && { context: checkContext(extras.context) }),
    ...(mock && { mock: answerOf(mock) }),
    retryCount: extras.stateConfiguration?.retrierRetryCount ?? 0,
  };
}

/** "JSON object literal that sets variables used in the state under test." */
function variablesOf(text: string): Record<string, unknown> {
  const value = parsed(text, 'Invalid variables provided');
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw validationException('Invalid variables provided: variables must be a JSON object');
  return value as Record<string, unknown>;
}

/** A mocked result, or a mocked error ("error" is required then), never both. */
function answerOf(mock: MockInput): MockedAnswer {
  const given = [mock.result, mock.errorOutput].filter((field) => field !== undefined);
  if (given.length !== 1)
    throw validationException(
      'A test mock should have only one of the following fields: [result, errorOutput].',
    );
  if (mock.result !== undefined) return { Return: parsed(mock.result, 'Invalid mock result provided') };
  const { error, cause } = mock.errorOutput!;
  if (error === undefined)
    throw validationException('mock.errorOutput.error is required when mock.errorOutput is specified');
  return { Throw: { Error: error, ...(cause !== undefined && { Cause: cause }) } };
}
