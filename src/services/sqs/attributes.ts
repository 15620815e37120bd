// GetQueueAttributes and SetQueueAttributes.
import type {
  GetQueueAttributesRequest,
  GetQueueAttributesResult,
  SetQueueAttributesRequest,
} from '@aws-sdk/client-sqs';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { ALL_ATTRIBUTES } from './attribute-values.js';
import { unknownAttribute } from './errors.js';
import { retentionCutoff, type Queue } from './queue.js';
import { resolveAttributes } from './queue-attributes.js';
import { resolveQueue } from './resolve.js';
import { countMessages } from './store-messages.js';
import { changeQueue } from './change-queue.js';

const COUNTS = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
];

/** `All` expands to every attribute; any other unknown name is refused. */
function requestedNames(names: string[]): string[] {
  for (const name of names) if (name !== 'All' && !ALL_ATTRIBUTES.has(name)) throw unknownAttribute(name);
  return names.includes('All') ? [...ALL_ATTRIBUTES] : names;
}

async function computed(ctx: RequestContext, queue: Queue, names: string[]): Promise<Record<string, string>> {
  const values: Record<string, string> = {
    // Timestamps are epoch seconds.
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.modifiedAt / 1000)),
    QueueArn: queue.arn,
  };
  if (names.some((name) => COUNTS.includes(name))) {
    const now = ctx.clock.now();
    const counts = await countMessages(ctx.storage.db, queue.id, now, retentionCutoff(queue, now));
    values['ApproximateNumberOfMessages'] = String(counts.visible);
    values['ApproximateNumberOfMessagesNotVisible'] = String(counts.inFlight);
    values['ApproximateNumberOfMessagesDelayed'] = String(counts.delayed);
  }
  return values;
}

/** Without AttributeNames the result is empty, as AWS documents. */
export const GetQueueAttributes: OperationHandler<
  GetQueueAttributesRequest,
  GetQueueAttributesResult
> = async (ctx, input) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  const names = requestedNames((input.AttributeNames ?? []) as string[]);
  const values = { ...queue.attributes, ...(await computed(ctx, queue, names)) };
  const attributes: Record<string, string> = {};
  for (const name of names) {
    const value = values[name];
    if (value !== undefined) attributes[name] = value;
  }
  return { Attributes: Object.keys(attributes).length > 0 ? attributes : undefined };
};

export const SetQueueAttributes: OperationHandler<SetQueueAttributesRequest, Record<string, never>> = async (
  ctx,
  input,
) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  const requested = (input.Attributes ?? {}) as Record<string, string>;
  await changeQueue(ctx, queue, async (current, tx) => {
    const resolved = await resolveAttributes(
      tx,
      { arn: current.arn, fifo: current.fifo, creating: false },
      current.attributes,
      requested,
    );
    return { attributes: { values: resolved.attributes, dlqArn: resolved.dlqArn } };
  });
  return {};
};
