// The test case a Standard execution was started as, and the invocations of its mocked states:
// kept with the execution, so that a run resumed on another node answers as this one would have.
import type { Database } from '../../storage/types.js';
import type { TestCase } from './mock-config.js';

export interface MockedExecution {
  testCase: string;
  responses: TestCase;
}

/** Written in StartExecution's transaction, with the execution's row. */
export async function insertMockedExecution(
  db: Database,
  executionArn: string,
  mocked: MockedExecution,
): Promise<void> {
  await db.run(
    `INSERT INTO states_mocked_executions (execution_arn, test_case, responses)
     VALUES (:execution_arn, :test_case, :responses)`,
    { execution_arn: executionArn, test_case: mocked.testCase, responses: JSON.stringify(mocked.responses) },
  );
}

export async function findMockedExecution(
  db: Database,
  executionArn: string,
): Promise<MockedExecution | undefined> {
  const row = await db.one<{ test_case: string; responses: string }>(
    'SELECT test_case, responses FROM states_mocked_executions WHERE execution_arn = :arn',
    { arn: executionArn },
  );
  return row && { testCase: row.test_case, responses: JSON.parse(row.responses) as TestCase };
}

/** Counts one more invocation of the state; answers how many came before it (from 0). */
export function countInvocation(db: Database, executionArn: string, state: string): Promise<number> {
  return db.transaction(async (tx) => {
    const params = { execution_arn: executionArn, state };
    await tx.run(
      `INSERT INTO states_mocked_invocations (execution_arn, state, invocations)
       VALUES (:execution_arn, :state, 1)
       ON CONFLICT (execution_arn, state)
       DO UPDATE SET invocations = states_mocked_invocations.invocations + 1`,
      params,
    );
    const row = await tx.one<{ invocations: number | string }>(
      'SELECT invocations FROM states_mocked_invocations WHERE execution_arn = :execution_arn AND state = :state',
      params,
    );
    return Number(row!.invocations) - 1;
  });
}
