import assert from 'node:assert/strict';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type SFNClient,
} from '@aws-sdk/client-sfn';

/** Waits for an execution, which runs as a background job of the node, to end. */
export async function ended(sfn: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`${executionArn} is still running`);
}
