// TestState: runs one state's definition once, on the input given, with the project's interpreter
// (src/asl/single-state.ts), outside any state machine (AWS API reference, TestState). A Task state
// really calls its integration, as the calling account. The answer is the state's status, output
// or error, the state it would go on to, and at inspectionLevel DEBUG or TRACE the data after each
// step of its input and output processing. TRACE adds the HTTP request and response of an HTTP Task;
// Nubis runs no HTTP Tasks (the task fails with States.Runtime), so TRACE answers what DEBUG does.
// revealSecrets concerns only the EventBridge connection of an HTTP Task, so it changes nothing here.
import { randomUUID } from 'node:crypto';
import type { Host } from '../../asl/interpreter.js';
import { runSingleState, type Inspection, type SingleStateOutcome } from '../../asl/single-state.js';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { executionArn, machineArn } from './arns.js';
import { invalidArn, rejectViolations, SENSITIVE, type Violation } from './errors.js';
import { inMemoryHost, parseInput } from './express.js';
import { parseState, TESTED_STATE } from './test-state-definition.js';

interface TestStateInput {
  definition: string;
  roleArn: string;
  input?: string;
  inspectionLevel?: string;
  revealSecrets?: boolean;
}

const INSPECTION_LEVELS = ['INFO', 'DEBUG', 'TRACE'];
/** The API reference's constraints: definition 1–1,048,576, roleArn 1–256, input up to 262,144 bytes. */
const MAX_DEFINITION = 1_048_576;
const MAX_ROLE_ARN = 256;
const MAX_INPUT_BYTES = 262_144;
const ARN = /^arn:[\w-]+:[\w-]*:[\w-]*:\d*:.+$/;

export const TestState: OperationHandler<TestStateInput> = async (ctx, input) => {
  rejectViolations(violations(input));
  if (!ARN.test(input.roleArn)) throw invalidArn(input.roleArn);
  const state = parseState(input.definition);
  const stateInput = parseInput(input.input ?? '{}');
  const outcome = await runSingleState(state, TESTED_STATE, stateInput, ...runOf(ctx, input.roleArn));
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
    ...length(input.roleArn, 'roleArn', input.roleArn.length, 1, MAX_ROLE_ARN),
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
 * account's integrations), and a host whose waits are timers of the node's clock.
 */
function runOf(ctx: RequestContext, roleArn: string): [Parameters<typeof runSingleState>[3], Host] {
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
  return [info, host];
}

const json = (value: unknown) => JSON.stringify(value) ?? 'null';

function answerOf(outcome: SingleStateOutcome, level: string) {
  return {
    status: outcome.status,
    ...('output' in outcome && { output: json(outcome.output) }),
    ...(outcome.error !== undefined && { error: outcome.error }),
    ...(outcome.cause !== undefined && { cause: outcome.cause }),
    ...(outcome.nextState !== undefined && { nextState: outcome.nextState }),
    ...(level !== 'INFO' && { inspectionData: inspectionDataOf(outcome.inspection) }),
  };
}

/** Each step's value as JSON text, for the steps the state has. */
function inspectionDataOf(inspection: Inspection): Record<string, string> {
  return Object.fromEntries(Object.entries(inspection).map(([step, value]) => [step, json(value)]));
}
