// StartMessageMoveTask, CancelMessageMoveTask, ListMessageMoveTasks. The moving itself is a durable
// job (move-task-job.ts), so a task goes on after a restart or on another node.
import { randomUUID } from 'node:crypto';
import type {
  CancelMessageMoveTaskRequest,
  CancelMessageMoveTaskResult,
  ListMessageMoveTasksRequest,
  ListMessageMoveTasksResult,
  ListMessageMoveTasksResultEntry,
  StartMessageMoveTaskRequest,
  StartMessageMoveTaskResult,
} from '@aws-sdk/client-sqs';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { parseArn } from './arns.js';
import { MAX_MOVE_RATE_PER_S, MAX_MOVE_TASK_RESULTS, MOVE_TASK_JOB } from './constants.js';
import { invalidArnFormat, invalidParameterValue, resourceNotFound } from './errors.js';
import { retentionCutoff, type Queue } from './queue.js';
import { findQueueByArn } from './resolve.js';
import { countMessagesEnqueuedBy } from './store-messages.js';
import { listSourceQueueRows, lockQueue } from './store-queues.js';
import {
  activeTaskExists,
  findTask,
  insertTask,
  listTasks,
  updateTask,
  type MoveTaskRow,
} from './store-tasks.js';

/** A queue named by an ARN parameter: a malformed ARN and a missing queue have their own errors. */
async function queueOfArn(ctx: RequestContext, arn: string | undefined, parameter: string): Promise<Queue> {
  if (!arn || !parseArn(arn)) throw invalidArnFormat(parameter);
  const queue = await findQueueByArn(ctx.storage.db, arn);
  if (!queue)
    throw resourceNotFound(`The resource that you specified for the ${parameter} parameter doesn't exist.`);
  return queue;
}

/** The handle names the task and its source queue (opaque to clients). */
function encodeHandle(taskId: string, sourceArn: string): string {
  return Buffer.from(JSON.stringify({ taskId, sourceArn })).toString('base64');
}

function decodeHandle(handle: string | undefined): { taskId: string; sourceArn: string } {
  try {
    const parsed = JSON.parse(Buffer.from(handle ?? '', 'base64').toString('utf8')) as Record<
      string,
      unknown
    >;
    if (typeof parsed['taskId'] === 'string' && typeof parsed['sourceArn'] === 'string') {
      return { taskId: parsed['taskId'], sourceArn: parsed['sourceArn'] };
    }
  } catch {
    // falls through
  }
  throw invalidParameterValue('Value for parameter TaskHandle is invalid.');
}

async function destinationOf(
  ctx: RequestContext,
  source: Queue,
  arn: string | undefined,
): Promise<Queue | undefined> {
  if (arn === undefined) return undefined;
  if (!parseArn(arn)) throw invalidArnFormat('DestinationArn');
  if (arn === source.arn)
    throw invalidParameterValue('Source queue arn and destination queue arn cannot be the same.');
  const destination = await queueOfArn(ctx, arn, 'DestinationArn');
  if (destination.fifo !== source.fifo) {
    throw invalidParameterValue('The source queue and destination queue must be of the same queue type.');
  }
  return destination;
}

/** Only dead-letter queues (some queue's RedrivePolicy targets them) can be moved from. */
export const StartMessageMoveTask: OperationHandler<
  StartMessageMoveTaskRequest,
  StartMessageMoveTaskResult
> = async (ctx, input) => {
  const source = await queueOfArn(ctx, input.SourceArn, 'SourceArn');
  const db = ctx.storage.db;
  if ((await listSourceQueueRows(db, source.arn, '', 1)).length === 0) {
    throw invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
  }
  const destination = await destinationOf(ctx, source, input.DestinationArn);
  const rate = input.MaxNumberOfMessagesPerSecond;
  if (rate !== undefined && (!Number.isInteger(rate) || rate < 1 || rate > MAX_MOVE_RATE_PER_S)) {
    throw invalidParameterValue(
      "Value for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: You must enter a number that's between 1 and 500.",
    );
  }
  const taskId = randomUUID();
  const now = ctx.clock.now();
  await db.transaction(async (tx) => {
    await lockQueue(tx, source.id);
    if (await activeTaskExists(tx, source.id)) {
      throw invalidParameterValue(
        'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
      );
    }
    await insertTask(tx, {
      task_id: taskId,
      source_arn: source.arn,
      source_queue_id: source.id,
      destination_arn: destination?.arn ?? null,
      max_per_second: rate ?? null,
      status: 'RUNNING',
      moved: 0,
      to_move: await countMessagesEnqueuedBy(tx, source.id, now, retentionCutoff(source, now)),
      failure_reason: null,
      started_at: now,
    });
    await ctx.storage.jobs.schedule(
      { kind: MOVE_TASK_JOB, key: taskId, runAt: now, payload: { taskId } },
      tx,
    );
  });
  return { TaskHandle: encodeHandle(taskId, source.arn) };
};

/** Only a RUNNING task can be cancelled; what was moved stays moved. */
export const CancelMessageMoveTask: OperationHandler<
  CancelMessageMoveTaskRequest,
  CancelMessageMoveTaskResult
> = async (ctx, input) => {
  const { taskId, sourceArn } = decodeHandle(input.TaskHandle);
  const source = await findQueueByArn(ctx.storage.db, sourceArn);
  if (!source)
    throw resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
  const moved = await ctx.storage.db.transaction(async (tx) => {
    const task = await findTask(tx, taskId, true);
    if (!task || task.source_queue_id !== source.id) throw resourceNotFound('Task does not exist.');
    if (task.status !== 'RUNNING') throw invalidParameterValue('Only active tasks can be cancelled.');
    await updateTask(tx, taskId, { status: 'CANCELLED', moved: task.moved });
    await ctx.storage.jobs.cancel(MOVE_TASK_JOB, taskId, tx);
    return task.moved;
  });
  return { ApproximateNumberOfMessagesMoved: moved };
};

function entryOf(task: MoveTaskRow): ListMessageMoveTasksResultEntry {
  return {
    // The handle is given only while the task can still be cancelled.
    TaskHandle: task.status === 'RUNNING' ? encodeHandle(task.task_id, task.source_arn) : undefined,
    Status: task.status,
    SourceArn: task.source_arn,
    DestinationArn: task.destination_arn ?? undefined,
    MaxNumberOfMessagesPerSecond: task.max_per_second ?? undefined,
    ApproximateNumberOfMessagesMoved: task.moved,
    ApproximateNumberOfMessagesToMove: task.to_move,
    FailureReason: task.status === 'FAILED' ? (task.failure_reason ?? undefined) : undefined,
    StartedTimestamp: task.started_at,
  };
}

/** The most recent tasks first; MaxResults 1–10, default 1. */
export const ListMessageMoveTasks: OperationHandler<
  ListMessageMoveTasksRequest,
  ListMessageMoveTasksResult
> = async (ctx, input) => {
  const source = await queueOfArn(ctx, input.SourceArn, 'SourceArn');
  const limit = input.MaxResults ?? 1;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MOVE_TASK_RESULTS) {
    throw invalidParameterValue(
      "Value for parameter MaxResults is invalid. Reason: You must enter a number that's between 1 and 10.",
    );
  }
  const tasks = await listTasks(ctx.storage.db, source.id, limit);
  return { Results: tasks.map(entryOf) };
};
