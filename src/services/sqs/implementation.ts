// Amazon SQS: the 23 operations of the 2012-11-05 API, its tables, and its background jobs.
import type { OperationHandler, ServiceEnvironment, ServiceImplementation } from '../../core/service.js';
import { GetQueueAttributes, SetQueueAttributes } from './attributes.js';
import { ChangeMessageVisibilityBatch, DeleteMessageBatch, SendMessageBatch } from './batches.js';
import { MOVE_TASK_JOB, SWEEP_JOB } from './constants.js';
import { ListDeadLetterSourceQueues } from './dead-letters.js';
import { ChangeMessageVisibility, DeleteMessage, SendMessage } from './messages.js';
import { migrations } from './migrations.js';
import { moveTaskHandler } from './move-task-job.js';
import { CancelMessageMoveTask, ListMessageMoveTasks, StartMessageMoveTask } from './move-tasks.js';
import { AddPermission, RemovePermission } from './permissions.js';
import { CreateQueue, DeleteQueue, GetQueueUrl, ListQueues, PurgeQueue } from './queues.js';
import { ReceiveMessage } from './receive.js';
import { scheduleSweep, sweepHandler } from './sweep.js';
import { ListQueueTags, TagQueue, UntagQueue } from './tags.js';

const operations: Record<string, OperationHandler> = {
  AddPermission,
  CancelMessageMoveTask,
  ChangeMessageVisibility,
  ChangeMessageVisibilityBatch,
  CreateQueue,
  DeleteMessage,
  DeleteMessageBatch,
  DeleteQueue,
  GetQueueAttributes,
  GetQueueUrl,
  ListDeadLetterSourceQueues,
  ListMessageMoveTasks,
  ListQueueTags,
  ListQueues,
  PurgeQueue,
  ReceiveMessage,
  RemovePermission,
  SendMessage,
  SendMessageBatch,
  SetQueueAttributes,
  StartMessageMoveTask,
  TagQueue,
  UntagQueue,
};

export const implementation: ServiceImplementation = {
  operations,
  migrations,
  async start(env: ServiceEnvironment) {
    env.storage.jobs.register(MOVE_TASK_JOB, moveTaskHandler(env));
    env.storage.jobs.register(SWEEP_JOB, sweepHandler(env));
    await scheduleSweep(env);
  },
};
