import { startNubis } from '../test/support/nubis.js';
import { startReferenceServer } from './reference-server.js';
import { RawSqsClient } from './sqs-client.js';
import { median, percentile, round } from './stats.js';
import { runWrk, type WrkResult } from './wrk.js';

/**
 * SQS throughput on durable SQLite storage (the default; BENCH_STORAGE=postgres for PostgreSQL):
 * - SendMessage: wrk replays one pre-signed request over 20 connections; a do-nothing Node server
 *   is measured the same way in alternating rounds, and the ratio to it is reported.
 * - Receive+delete: 20 concurrent raw-signed clients loop ReceiveMessage(10) → DeleteMessageBatch.
 */
const CONNECTIONS = 20;
/** BENCH_STORAGE=postgres measures one node on a fresh local PostgreSQL database instead. */
const STORAGE = process.env['BENCH_STORAGE'] === 'postgres' ? 'postgres' : 'sqlite';
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const BODY = 'x'.repeat(200);

/** 20 raw-signed clients sending one after another: a Node client is itself a limit (~11k/s here). */
async function sendFromClients(client: RawSqsClient, queueUrl: string, seconds: number) {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      await client.call('SendMessage', { QueueUrl: queueUrl, MessageBody: BODY });
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return {
    perSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

async function receiveAndDelete(client: RawSqsClient, queueUrl: string, seconds: number) {
  const latencies: number[] = [];
  let messages = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const { Messages = [] } = await client.call('ReceiveMessage', {
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
      });
      if (Messages.length === 0) break;
      const Entries = Messages.map((m: { ReceiptHandle: string }, i: number) => ({
        Id: String(i),
        ReceiptHandle: m.ReceiptHandle,
      }));
      await client.call('DeleteMessageBatch', { QueueUrl: queueUrl, Entries });
      latencies.push(performance.now() - started);
      messages += Messages.length;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return {
    messagesPerSecond: messages / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

function summarize(results: WrkResult[]) {
  return {
    perSecond: round(median(results.map((r) => r.requestsPerSecond)), 0),
    p50Ms: round(median(results.map((r) => r.p50Ms)), 2),
    p99Ms: round(median(results.map((r) => r.p99Ms)), 2),
    errors: results.reduce((sum, r) => sum + r.non2xx, 0),
  };
}

export async function benchSqs(): Promise<void> {
  const nubis = await startNubis({ storage: STORAGE });
  const reference = await startReferenceServer();
  try {
    const client = new RawSqsClient(nubis.endpoint);
    const { QueueUrl } = await client.call<{ QueueUrl: string }>('CreateQueue', { QueueName: 'bench' });
    const send = client.signed('SendMessage', { QueueUrl, MessageBody: BODY });
    const sends: WrkResult[] = [];
    const references: WrkResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      references.push(
        await runWrk({ ...send, url: reference.url }, { connections: CONNECTIONS, seconds: SECONDS }),
      );
      sends.push(await runWrk(send, { connections: CONNECTIONS, seconds: SECONDS }));
    }
    const clientSends = [];
    for (let round = 0; round < ROUNDS; round++)
      clientSends.push(await sendFromClients(client, QueueUrl, SECONDS));
    const receives = [];
    for (let round = 0; round < ROUNDS; round++)
      receives.push(await receiveAndDelete(client, QueueUrl, SECONDS));
    client.close();
    const sendSummary = summarize(sends);
    const referenceSummary = summarize(references);
    console.log(
      `SQS benchmark (${STORAGE}, durable; ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS}s, medians)`,
    );
    console.table({
      'do-nothing Node server (wrk)': referenceSummary,
      'SendMessage (wrk, pre-signed)': { ...sendSummary },
      'SendMessage (raw-signed clients)': {
        perSecond: round(median(clientSends.map((r) => r.perSecond)), 0),
        p50Ms: round(median(clientSends.map((r) => r.p50Ms)), 2),
        p99Ms: round(median(clientSends.map((r) => r.p99Ms)), 2),
        errors: 0,
      },
      'ReceiveMessage(10)+DeleteMessageBatch (raw-signed clients)': {
        perSecond: round(median(receives.map((r) => r.messagesPerSecond)), 0),
        p50Ms: round(median(receives.map((r) => r.p50Ms)), 2),
        p99Ms: round(median(receives.map((r) => r.p99Ms)), 2),
        errors: 0,
      },
    });
    console.log(
      `send ratio to the do-nothing server: ${round(sendSummary.perSecond / referenceSummary.perSecond, 2)}`,
    );
  } finally {
    await reference.stop();
    await nubis.stop();
  }
}
