import assert from 'node:assert/strict';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
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

/** Waits for an execution's history to record an event of `type`; answers the history then. */
export async function recorded(sfn: SFNClient, executionArn: string, type: string): Promise<HistoryEvent[]> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    if (events.some((event) => event.type === type)) return events;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`${executionArn} has recorded no ${type}`);
}
