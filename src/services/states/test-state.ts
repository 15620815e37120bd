// TestState: runs one state's definition once, on the input given, with the project's interpreter
// (src/asl/single-state.ts), outside any state machine (AWS API reference, TestState). A Task state
// really calls its integration, as the calling account. The answer is the state's status, output
// or error, the state it would go on to, and at inspectionLevel DEBUG or TRACE the data after each
// step of its input and output processing. TRACE adds the HTTP request and response of an HTTP Task;
// Nubis runs no HTTP Tasks (the task fails with States.Runtime), so TRACE answers what DEBUG does.
// revealSecrets concerns only the EventBridge connection of an HTTP Task, so it changes nothing here.
// The members of 2024–2025 (test-state-request.ts): variables, a state of a whole machine, a mocked
// result or error in place of the task's call (its Retry and Catch then apply as to a real one), a
// context object, and the retries already spent.
import { randomUUID } from 'node:crypto';
import type { Host } from '../../asl/interpreter.js';
import { runSingleState, type Inspection, type SingleStateOutcome } from '../../asl/single-state.js';
import type { Callbacks } from '../../asl/task.js';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { executionArn, machineArn } from './arns.js';
import { invalidArn, rejectViolations, SENSITIVE, type Violation } from './errors.js';
import { inMemoryHost, parseInput } from './express.js';
import { checkTaskField } from './test-state-context.js';
import { parseState, TESTED_STATE } from './test-state-definition.js';
import { extrasViolations, optionsOf, type TestOptions, type TestStateExtras } from './test-state-request.js';

interface TestStateInput extends TestStateExtras {
  definition: string;
  input?: string;
  inspectionLevel?: string;
}

const INSPECTION_LEVELS = ['INFO', 'DEBUG', 'TRACE'];
/** The API reference's constraints: definition 1–1,048,576, roleArn 1–256, input up to 262,144 bytes. */
const MAX_DEFINITION = 1_048_576;
const MAX_ROLE_ARN = 256;
const MAX_INPUT_BYTES = 262_144;
const ARN = /^arn:[\w-]+:[\w-]*:[\w-]*:\d*:.+$/;

export const TestState: OperationHandler<TestStateInput> = async (ctx, input) => {
  rejectViolations([...violations(input), ...extrasViolations(input)]);
  if (input.roleArn !== undefined && !ARN.test(input.roleArn)) throw invalidArn(input.roleArn);
  const options = optionsOf(input);
  const { state, name, inMap } = parseState(input.definition, input.stateName, options.mock !== undefined);
  if (options.context) checkTaskField(options.context, state['Resource']);
  const stateInput = parseInput(input.input ?? '{}');
  const [info, host] = runOf(ctx, input.roleArn ?? '', options);
  const { variables, context, retryCount } = options;
  const run = { variables, retryCount, inMap, ...(context && { context }) };
  const outcome = await runSingleState(state, name, stateInput, info, host, run);
  return answerOf(outcome, input.inspectionLevel ?? 'INFO');
};

function violations(input: TestStateInput): Violation[] {
  const length = (value: unknown, path: string, size: number, min: number, max: number): Violation[] =>
    size < min
      ? [{ value, path, constraint: `Member must have length greater than or equal to ${min}` }]
      : size > max
        ? [{ value, path, constraint: `Member must have length less than or equal to ${max}` }]
        : [];
  const level = input.inspectionLevel;
  return [
    // definition and input are sensitive: coral does not quote them.
    ...length(SENSITIVE, 'definition', input.definition.length, 1, MAX_DEFINITION),
    ...(input.roleArn === undefined
      ? []
      : length(input.roleArn, 'roleArn', input.roleArn.length, 1, MAX_ROLE_ARN)),
    ...(input.input === undefined
      ? []
      : length(SENSITIVE, 'input', Buffer.byteLength(input.input), 0, MAX_INPUT_BYTES)),
    ...(level === undefined || INSPECTION_LEVELS.includes(level)
      ? []
      : [
          {
            value: level,
            path: 'inspectionLevel',
            constraint: `Member must satisfy enum value set: [${INSPECTION_LEVELS.join(', ')}]`,
          },
        ]),
  ];
}

/**
 * What the state runs with: an execution of its own (for the context object and the calling
 * account's integrations), and a host whose waits are timers of the node's clock. A mock answers
 * in place of the integration ("the mocked response is returned").
 */
function runOf(
  ctx: RequestContext,
  roleArn: string,
  options: TestOptions,
): [Parameters<typeof runSingleState>[3], Host] {
  const name = randomUUID();
  const arn = executionArn(ctx, TESTED_STATE, name);
  const info = {
    executionArn: arn,
    name,
    roleArn,
    stateMachineArn: machineArn(ctx, TESTED_STATE),
    stateMachineName: TESTED_STATE,
    startTime: ctx.clock.now(),
  };
  const host = inMemoryHost(ctx, arn);
  const { mock } = options;
  if (!mock) return [info, host];
  return [info, { ...host, mockedTask: () => Promise.resolve(mock), callbacks: tokenOnly(options) }];
}

/**
 * A mocked .waitForTaskToken task's token: the context's `Task.Token`, or a new one. Nothing
 * waits for it, the mock being the task's answer.
 */
function tokenOnly(options: TestOptions): Callbacks {
  const given = (options.context?.['Task'] as { Token?: string } | undefined)?.Token;
  const unused = () => Promise.reject(new Error('a mocked task waits for no token'));
  return {
    issue: () => given ?? randomUUID(),
    open: unused,
    answer: unused,
    queue: unused,
    activityProgress: unused,
  };
}

const json = (value: unknown) => JSON.stringify(value) ?? 'null';

function answerOf(outcome: SingleStateOutcome, level: string) {
  return {
    status: outcome.status,
    ...('output' in outcome && { output: json(outcome.output) }),
    ...(outcome.error !== undefined && { error: outcome.error }),
    ...(outcome.cause !== undefined && { cause: outcome.cause }),
    ...(outcome.nextState !== undefined && { nextState: outcome.nextState }),
    ...(level !== 'INFO' && { inspectionData: inspectionDataOf(outcome) }),
  };
}

/** Each step's value (and the variables) as JSON text, for the steps the state has; errorDetails as is. */
function inspectionDataOf({ inspection, errorDetails }: SingleStateOutcome) {
  const steps = Object.entries(inspection as Inspection).map(([step, value]) => [step, json(value)]);
  return { ...Object.fromEntries(steps), ...(errorDetails && { errorDetails }) };
}
