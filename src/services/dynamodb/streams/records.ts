// A stream record for one item write, in the shape GetRecords answers (AWS API reference,
// "StreamRecord"): INSERT, MODIFY or REMOVE, the item's key, and the images the stream's view type
// asks for. A write that changes nothing writes no record (AWS docs, "Change data capture for
// DynamoDB Streams"). Time-to-live deletions name the service as the user.
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Database } from '../../../storage/types.js';
import type { Item } from '../attribute-value.js';
import { keyOf, type TableSchema } from '../items/schema.js';
import { itemSize } from '../items/size.js';
import type { Table } from '../tables/types.js';
import { appendRecord, streamArnOf } from './store.js';

export interface ItemChange {
  old: Item | undefined;
  item: Item | undefined;
  /** The write was a time-to-live deletion. */
  byService?: boolean;
}

/** The stream a write to this table records to, if streams are on. */
export function streamOfTable(table: Table): { arn: string; viewType: string } | undefined {
  const spec = table.stored.StreamSpecification;
  if (!spec?.StreamEnabled || !table.stored.LatestStreamLabel) return undefined;
  return { arn: streamArnOf(table, table.stored.LatestStreamLabel), viewType: spec.StreamViewType! };
}

function eventName(change: ItemChange): 'INSERT' | 'MODIFY' | 'REMOVE' {
  if (!change.item) return 'REMOVE';
  return change.old ? 'MODIFY' : 'INSERT';
}

function streamRecord(table: Table, schema: TableSchema, viewType: string, change: ItemChange, now: number) {
  const keys = keyOf(schema, (change.item ?? change.old)!);
  const images: Record<string, Item> = {};
  if (change.item && (viewType === 'NEW_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES'))
    images.NewImage = change.item;
  if (change.old && (viewType === 'OLD_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES'))
    images.OldImage = change.old;
  const sizeBytes = [keys, ...Object.values(images)].reduce((sum, part) => sum + itemSize(part), 0);
  return {
    eventID: randomBytes(16).toString('hex'),
    eventName: eventName(change),
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: table.region,
    dynamodb: {
      // Whole seconds, as DynamoDB's records have them.
      ApproximateCreationDateTime: Math.floor(now / 1000),
      Keys: keys,
      ...images,
      SizeBytes: sizeBytes,
      StreamViewType: viewType,
    },
    ...(change.byService ? { userIdentity: { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' } } : {}),
  };
}

function unchanged(change: ItemChange): boolean {
  return isDeepStrictEqual(change.old, change.item);
}

/** Records a write in the table's stream, in the write's transaction. */
export async function recordChange(
  tx: Database,
  table: Table,
  schema: TableSchema,
  change: ItemChange,
  now: number,
): Promise<void> {
  const stream = streamOfTable(table);
  if (!stream || unchanged(change)) return;
  const record = streamRecord(table, schema, stream.viewType, change, now);
  await appendRecord(tx, stream.arn, now, JSON.stringify(record));
}
