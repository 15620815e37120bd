// The message system attributes ReceiveMessage returns (AttributeNames / MessageSystemAttributeNames).
import { loadAttributes } from './message-attributes.js';
import type { MessageRow } from './store-messages.js';

/** Every value of a received message; only those present are returned. Timestamps are epoch ms. */
function allOf(row: MessageRow): Record<string, string | undefined> {
  const system = loadAttributes(row.system_attributes);
  return {
    SenderId: row.sender_id,
    SentTimestamp: String(row.sent_at),
    ApproximateReceiveCount: String(row.receive_count),
    ApproximateFirstReceiveTimestamp:
      row.first_received_at === null ? undefined : String(row.first_received_at),
    SequenceNumber: row.sequence_number ?? undefined,
    MessageDeduplicationId: row.dedup_id ?? undefined,
    MessageGroupId: row.group_id ?? undefined,
    AWSTraceHeader: system['AWSTraceHeader']?.StringValue,
    DeadLetterQueueSourceArn: row.dlq_source_arn ?? undefined,
  };
}

/** `All` returns everything the message has; unknown names are ignored. Undefined when none. */
export function systemAttributes(row: MessageRow, requested: string[]): Record<string, string> | undefined {
  if (requested.length === 0) return undefined;
  const values = allOf(row);
  const names = requested.includes('All') ? Object.keys(values) : requested;
  const result: Record<string, string> = {};
  for (const name of names) {
    const value = values[name];
    if (value !== undefined) result[name] = value;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}
