// Moving a message between queues, inside the caller's transaction: into a dead-letter queue when a
// receive would exceed maxReceiveCount, and back out of it in a message move task.
import type { Database } from '../../storage/types.js';
import { formatSequenceNumber, type Queue } from './queue.js';
import { deleteMessage, insertMessage, type MessageRow } from './store-messages.js';
import { takeSequence } from './store-queues.js';

export interface MoveOptions {
  now: number;
  /** Dead-lettering keeps the receive count (ApproximateReceiveCount counts across queues) and notes the source. */
  deadLetterFrom?: string;
}

/**
 * The message keeps its id, body, attributes and SentTimestamp. In a standard queue its retention
 * still counts from the original send; a FIFO queue restarts it (AWS's documented difference).
 */
export async function moveMessage(
  tx: Database,
  message: MessageRow,
  target: Queue,
  options: MoveOptions,
): Promise<void> {
  const { now, deadLetterFrom } = options;
  const seq = target.fifo ? await takeSequence(tx, target.id) : 0;
  await insertMessage(tx, {
    ...message,
    queue_id: target.id,
    retention_base: target.fifo ? now : message.retention_base,
    enqueued_at: now,
    visible_at: now,
    receive_count: deadLetterFrom ? message.receive_count : 0,
    first_received_at: deadLetterFrom ? message.first_received_at : null,
    received_at: null,
    receipt_token: null,
    seq,
    sequence_number: target.fifo ? formatSequenceNumber(seq) : null,
    dlq_source_arn: deadLetterFrom ?? null,
  });
  await deleteMessage(tx, message.queue_id, message.message_id);
}
