import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startNubis } from '../test/support/nubis.js';
import { RawClient } from './raw-client.js';
import { median, percentile, round } from './stats.js';

/**
 * DynamoDB PutItem/GetItem throughput and Query latency on durable SQLite (BENCH_STORAGE=postgres
 * for PostgreSQL), against in-memory dynalite measured by the same script in alternating rounds:
 * - put/get: the shared pre-signed wrk replay (../shared/tools/bench/dynamodb-wrk.mjs), 20
 *   connections, ~200-byte items, 10,000 keys;
 * - Query: one client querying 100 items of one partition, p50 over many calls;
 * - put again on a table with a stream of both images, against put without one (same run).
 * Needs `wrk` and a dynalite checkout with `npm install` done at DYNALITE_SRC.
 */
const run = promisify(execFile);
const STORAGE = process.env['BENCH_STORAGE'] === 'postgres' ? 'postgres' : 'sqlite';
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const WRK_SCRIPT = resolve(process.env['BENCH_DYNAMODB_WRK'] ?? '../shared/tools/bench/dynamodb-wrk.mjs');
const DYNALITE_SRC = process.env['DYNALITE_SRC'] ?? '../dynalite';
const QUERY_CALLS = 300;
const DYNALITE_PORT = 4590;

interface PhaseResult {
  op: string;
  ops_per_s: number;
  p50_ms: number;
  p99_ms: number;
  errors: Record<string, number>;
}

async function wrkPhases(endpoint: string, table: string): Promise<PhaseResult[]> {
  const out = join(mkdtempSync(join(tmpdir(), 'nubis-ddb-bench-')), 'result.json');
  await run(process.execPath, [WRK_SCRIPT], {
    env: {
      ...process.env,
      ENDPOINT: endpoint,
      TABLE: table,
      DURATION_S: String(SECONDS),
      WARMUP_S: '1',
      JSON_OUT: out,
    },
    maxBuffer: 1 << 22,
  });
  return (JSON.parse(readFileSync(out, 'utf8')) as { results: PhaseResult[] }).results;
}

/** A signed DynamoDB call that throws unless it succeeds. */
export function caller(endpoint: string) {
  const client = new RawClient(endpoint, 'dynamodb');
  return async (operation: string, input: unknown) => {
    const body = JSON.stringify(input);
    const response = await client.send(
      client.sign('POST', '/', body, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
      }),
    );
    if (response.status !== 200)
      throw new Error(`${operation}: ${response.status} ${response.text.slice(0, 200)}`);
    return JSON.parse(response.text) as Record<string, unknown>;
  };
}

/** The wrk replay's table, made beforehand with a stream of both images (the replay keeps it). */
async function createStreamTable(endpoint: string, table: string): Promise<void> {
  await caller(endpoint)('CreateTable', {
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  });
}

async function queryLatency(endpoint: string, table: string): Promise<number> {
  const call = caller(endpoint);
  await call('CreateTable', {
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  });
  for (let tries = 0; tries < 100; tries++) {
    const described = (await call('DescribeTable', { TableName: table })) as {
      Table: { TableStatus: string };
    };
    if (described.Table.TableStatus === 'ACTIVE') break;
    await new Promise((done) => setTimeout(done, 100));
  }
  for (let i = 0; i < 100; i += 25) {
    const puts = Array.from({ length: 25 }, (_, j) => ({
      PutRequest: { Item: { pk: { S: 'p' }, sk: { N: String(i + j) }, data: { S: 'x'.repeat(180) } } },
    }));
    await call('BatchWriteItem', { RequestItems: { [table]: puts } });
  }
  const latencies: number[] = [];
  for (let i = 0; i < QUERY_CALLS; i++) {
    const started = performance.now();
    const result = await call('Query', {
      TableName: table,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: 'p' } },
    });
    latencies.push(performance.now() - started);
    if (result['Count'] !== 100) throw new Error(`Query returned ${String(result['Count'])} items`);
  }
  return percentile(latencies.slice(20), 50);
}

async function startDynalite(): Promise<{ endpoint: string; child: ChildProcess }> {
  const cli = join(DYNALITE_SRC, 'cli.js');
  if (!existsSync(cli)) throw new Error(`no dynalite checkout at ${DYNALITE_SRC} (set DYNALITE_SRC)`);
  const child = spawn(process.execPath, [cli, '--port', String(DYNALITE_PORT), '--createTableMs', '0'], {
    stdio: 'ignore',
  });
  const endpoint = `http://127.0.0.1:${DYNALITE_PORT}`;
  for (let tries = 0; tries < 100; tries++) {
    const ready = await fetch(endpoint).then(
      () => true,
      () => false,
    );
    if (ready) return { endpoint, child };
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error('dynalite did not start');
}

function summarise(name: string, rounds: PhaseResult[][], op: string) {
  const results = rounds.map((phases) => phases.find((phase) => phase.op === op)!);
  return {
    [`${name} ${op}/s`]: round(median(results.map((r) => r.ops_per_s)), 0),
    [`${name} ${op} p50 ms`]: round(median(results.map((r) => r.p50_ms)), 2),
    [`${name} ${op} errors`]: results.reduce(
      (sum, r) => sum + Object.values(r.errors).reduce((a, b) => a + b, 0),
      0,
    ),
  };
}

export async function benchDynamodb(): Promise<void> {
  const nubis = await startNubis({ storage: STORAGE });
  const dynalite = await startDynalite();
  const nubisRounds: PhaseResult[][] = [];
  const dynaliteRounds: PhaseResult[][] = [];
  const streamRounds: PhaseResult[][] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      nubisRounds.push(await wrkPhases(nubis.endpoint, `bench_${round}`));
      await createStreamTable(nubis.endpoint, `bench_stream_${round}`);
      streamRounds.push(await wrkPhases(nubis.endpoint, `bench_stream_${round}`));
      dynaliteRounds.push(await wrkPhases(dynalite.endpoint, `bench_${round}`));
    }
    const nubisQuery = await queryLatency(nubis.endpoint, 'bench_query');
    const dynaliteQuery = await queryLatency(dynalite.endpoint, 'bench_query');
    const put = summarise('nubis', nubisRounds, 'put');
    const get = summarise('nubis', nubisRounds, 'get');
    const refPut = summarise('dynalite', dynaliteRounds, 'put');
    const refGet = summarise('dynalite', dynaliteRounds, 'get');
    const streamPut = summarise('nubis with stream', streamRounds, 'put');
    console.log(
      JSON.stringify(
        {
          storage: STORAGE,
          rounds: ROUNDS,
          seconds: SECONDS,
          ...put,
          ...refPut,
          'put ratio': round(put['nubis put/s']! / refPut['dynalite put/s']!, 2),
          ...get,
          ...refGet,
          'get ratio': round(get['nubis get/s']! / refGet['dynalite get/s']!, 2),
          ...streamPut,
          'put with stream / put without': round(
            streamPut['nubis with stream put/s']! / put['nubis put/s']!,
            2,
          ),
          'nubis Query(100 items) p50 ms': round(nubisQuery, 2),
          'dynalite Query(100 items) p50 ms': round(dynaliteQuery, 2),
        },
        null,
        2,
      ),
    );
  } finally {
    dynalite.child.kill();
    await nubis.stop();
  }
}
