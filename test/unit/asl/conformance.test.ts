// Every recorded execution that uses no service integration, replayed through the interpreter:
// status, output or error and cause, and the history's event types must match AWS's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runExecution, type Host } from '../../../src/asl/interpreter.js';
import type { Machine } from '../../../src/asl/definition.js';
import { difference, recordedCases } from '../../support/stepfunctions-cases.js';

/** Time that passes only when the execution waits. */
function manualHost(): Host {
  let now = Date.UTC(2026, 0, 1);
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

const INFO = {
  executionArn: 'arn:aws:states:us-east-1:111111111111:execution:machine:run',
  name: 'run',
  roleArn: 'snf_role_arn',
  stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:machine',
  stateMachineName: 'machine',
  startTime: Date.UTC(2026, 0, 1),
  redriveCount: 0,
};

/** The share of the pure recordings the interpreter must match (AWS-recorded behaviour). */
const REQUIRED_SHARE = Number(process.env['ASL_REQUIRED_SHARE'] ?? 0.98);

test('the interpreter runs the recorded pure executions as AWS did', async () => {
  const cases = recordedCases().filter((recorded) => recorded.pure && !recorded.input_has_placeholders);
  const mismatches: string[] = [];
  for (const recorded of cases) {
    let problem: string | undefined;
    try {
      const { outcome, history } = await runExecution(
        recorded.definition as unknown as Machine,
        recorded.input,
        { ...INFO, startTime: Date.UTC(2026, 0, 1) },
        manualHost(),
      );
      problem = difference(recorded, {
        ...outcome,
        eventTypes: history.map((event) => event.type),
      } as never);
    } catch (error) {
      problem = `threw ${(error as Error).stack}`;
    }
    if (problem) mismatches.push(`${recorded.id}: ${problem}`);
  }
  const share = (cases.length - mismatches.length) / cases.length;
  if (process.env['ASL_SHOW_MISMATCHES']) console.log(mismatches.join('\n'));
  assert.ok(
    share >= REQUIRED_SHARE,
    `${cases.length - mismatches.length} of ${cases.length} match (${(share * 100).toFixed(1)}%):\n${mismatches.join('\n')}`,
  );
});
