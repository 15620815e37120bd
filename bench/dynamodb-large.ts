import { startNubis } from '../test/support/nubis.js';
import { caller } from './dynamodb.js';
import { median, percentile, round } from './stats.js';

/**
 * A large DynamoDB table on durable SQLite (BENCH_STORAGE=postgres for PostgreSQL): how long
 * loading BENCH_ITEMS (default 1,000,000) ~200-byte items with BatchWriteItem takes (25 items a
 * request, BENCH_LOADERS concurrent loaders, default 8), then GetItem latency of random keys on
 * it against the same on a table of 1,000 items, measured alternately in the same run.
 */
const STORAGE = process.env['BENCH_STORAGE'] === 'postgres' ? 'postgres' : 'sqlite';
const ITEMS = Number(process.env['BENCH_ITEMS'] ?? 1_000_000);
const LOADERS = Number(process.env['BENCH_LOADERS'] ?? 8);
const SMALL_ITEMS = 1000;
const LOOKUPS = 2000;
const BATCH = 25;
const DATA = 'x'.repeat(180);

type Call = ReturnType<typeof caller>;

async function createTable(call: Call, name: string): Promise<void> {
  await call('CreateTable', {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  });
}

async function load(call: Call, table: string, items: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: LOADERS }, async () => {
      while (next < items) {
        const first = next;
        next += BATCH;
        const puts = [];
        for (let i = first; i < Math.min(first + BATCH, items); i++) {
          puts.push({ PutRequest: { Item: { pk: { S: `key-${i}` }, data: { S: DATA } } } });
        }
        const out = (await call('BatchWriteItem', { RequestItems: { [table]: puts } })) as {
          UnprocessedItems: Record<string, unknown>;
        };
        if (Object.keys(out.UnprocessedItems).length > 0) throw new Error('unprocessed items');
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

async function lookups(call: Call, table: string, items: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    const key = Math.floor(Math.random() * items);
    const started = performance.now();
    const out = await call('GetItem', { TableName: table, Key: { pk: { S: `key-${key}` } } });
    latencies.push(performance.now() - started);
    if (!out['Item']) throw new Error(`key-${key} is missing`);
  }
  return latencies;
}

export async function benchDynamodbLarge(): Promise<void> {
  const nubis = await startNubis({ storage: STORAGE });
  try {
    const call = caller(nubis.endpoint);
    await createTable(call, 'large');
    await createTable(call, 'small');
    await load(call, 'small', SMALL_ITEMS);
    const loadSeconds = await load(call, 'large', ITEMS);
    const large: number[] = [];
    const small: number[] = [];
    for (let round = 0; round < 3; round++) {
      small.push(percentile(await lookups(call, 'small', SMALL_ITEMS), 50));
      large.push(percentile(await lookups(call, 'large', ITEMS), 50));
    }
    console.log(
      JSON.stringify(
        {
          storage: STORAGE,
          items: ITEMS,
          loaders: LOADERS,
          'load seconds': round(loadSeconds, 1),
          'items loaded per s': round(ITEMS / loadSeconds, 0),
          'GetItem p50 ms, 1,000-item table': round(median(small), 3),
          [`GetItem p50 ms, ${ITEMS}-item table`]: round(median(large), 3),
          'large / small': round(median(large) / median(small), 2),
        },
        null,
        2,
      ),
    );
  } finally {
    await nubis.stop();
  }
}
