import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startNubis } from '../test/support/nubis.js';
import { zipOf } from '../test/e2e/lambda/support.js';
import { RawClient, type SignedRequest } from './raw-client.js';
import { startBarrier } from './barrier.js';
import { startReferenceServer } from './reference-server.js';
import { median, percentile, round } from './stats.js';
import { runWrk, type WrkResult } from './wrk.js';

/**
 * Lambda Invoke, round trip through the whole platform (SigV4, Invoke, an execution environment,
 * the log and metric writes), for a trivial Node.js and Python handler on durable SQLite:
 * - cold: the first invoke of a newly created function, median of BENCH_COLD_RUNS functions, with
 *   idle time between them as a user would leave (the pre-started process pool refills);
 * - warm: wrk replaying one pre-signed Invoke, 1 connection (latency) and 50 (throughput),
 *   alternating with a do-nothing Node server measured the same way;
 * - 100 invocations held in flight at once (100 environments, met at a barrier), then each idle
 *   environment's RSS.
 * The 50 environments of the throughput runs are started first (met at a barrier too): the
 * figure is for warm invokes. Each runtime is measured on a Nubis process of its own.
 */
const COLD_RUNS = Number(process.env['BENCH_COLD_RUNS'] ?? 15);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const THROUGHPUT_CONNECTIONS = 50;
const CONCURRENT_ENVIRONMENTS = 100;
const IDLE_BETWEEN_COLD_STARTS_MS = 500;

const RUNTIMES = {
  node: {
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    files: {
      // node:net, which the runtime has loaded anyway, so the barrier adds nothing to the RSS.
      'index.mjs': `import { connect } from 'node:net';
const arrive = (url) => new Promise((resolve, reject) => {
  const socket = connect(Number(new URL(url).port), '127.0.0.1', () => socket.write('GET / HTTP/1.0\\r\\n\\r\\n'));
  socket.on('error', reject).on('close', resolve).resume();
});
export const handler = async (event) => {
  if (event.barrier) await arrive(event.barrier);
  return { pid: process.pid };
};`,
    },
  },
  python: {
    runtime: 'python3.12',
    handler: 'app.handler',
    files: {
      'app.py': `import os, urllib.request
def handler(event, context):
    if event.get("barrier"):
        urllib.request.urlopen(event["barrier"]).read()
    return {"pid": os.getpid()}
`,
    },
  },
} as const;

type RuntimeName = keyof typeof RUNTIMES;

class RawLambda {
  constructor(private readonly raw: RawClient) {}

  signedInvoke(name: string, event: unknown): SignedRequest {
    return this.raw.sign('POST', `/2015-03-31/functions/${name}/invocations`, JSON.stringify(event), {
      'content-type': 'application/json',
    });
  }

  async invoke(name: string, event: unknown = {}): Promise<{ pid: number }> {
    const response = await this.raw.send(this.signedInvoke(name, event));
    if (response.status !== 200 || response.headers['x-amz-function-error'])
      throw new Error(`Invoke ${name}: ${response.status} ${response.text}`);
    return JSON.parse(response.text) as { pid: number };
  }

  async create(name: string, runtime: RuntimeName): Promise<void> {
    const { files, handler } = RUNTIMES[runtime];
    const zip = await zipOf(files);
    const body = JSON.stringify({
      FunctionName: name,
      Runtime: RUNTIMES[runtime].runtime,
      Handler: handler,
      Role: 'arn:aws:iam::000000000000:role/bench',
      Code: { ZipFile: zip.toString('base64') },
      Timeout: 30,
    });
    const response = await this.raw.send(
      this.raw.sign('POST', '/2015-03-31/functions', body, { 'content-type': 'application/json' }),
    );
    if (response.status !== 201) throw new Error(`CreateFunction: ${response.status} ${response.text}`);
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

async function coldStarts(lambda: RawLambda, runtime: RuntimeName): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < COLD_RUNS; run++) {
    const name = `cold-${runtime}-${run}`;
    await lambda.create(name, runtime);
    await sleep(IDLE_BETWEEN_COLD_STARTS_MS);
    const started = performance.now();
    await lambda.invoke(name);
    times.push(performance.now() - started);
  }
  return times;
}

/** Holds `count` invocations in flight at once; answers their environments' pids. */
async function concurrentEnvironments(lambda: RawLambda, name: string, count: number) {
  const barrier = await startBarrier(count);
  const started = performance.now();
  try {
    const results = await Promise.allSettled(
      Array.from({ length: count }, () => lambda.invoke(name, { barrier: barrier.url })),
    );
    const elapsedMs = performance.now() - started;
    const pids = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.pid] : []));
    return { failed: results.length - pids.length, pids: [...new Set(pids)], elapsedMs };
  } finally {
    barrier.close();
  }
}

function summarize(results: WrkResult[]) {
  return {
    perSecond: round(median(results.map((r) => r.requestsPerSecond)), 0),
    p50Ms: round(median(results.map((r) => r.p50Ms)), 2),
    p99Ms: round(median(results.map((r) => r.p99Ms)), 2),
    errors: results.reduce((sum, r) => sum + r.non2xx, 0),
  };
}

async function warm(invoke: SignedRequest, referenceUrl: string, connections: number) {
  const nubis: WrkResult[] = [];
  const reference: WrkResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    reference.push(
      await runWrk({ ...invoke, url: referenceUrl }, { connections, seconds: SECONDS, threads: 1 }),
    );
    nubis.push(await runWrk(invoke, { connections, seconds: SECONDS, threads: 1 }));
  }
  return { nubis: summarize(nubis), reference: summarize(reference) };
}

async function benchRuntime(lambda: RawLambda, runtime: RuntimeName, referenceUrl: string) {
  const cold = await coldStarts(lambda, runtime);
  const name = `warm-${runtime}`;
  await lambda.create(name, runtime);
  await lambda.invoke(name);
  const invoke = lambda.signedInvoke(name, {});
  const serial = await warm(invoke, referenceUrl, 1);
  await concurrentEnvironments(lambda, name, THROUGHPUT_CONNECTIONS);
  const parallel = await warm(invoke, referenceUrl, THROUGHPUT_CONNECTIONS);
  const environments = await concurrentEnvironments(lambda, `cold-${runtime}-0`, CONCURRENT_ENVIRONMENTS);
  await sleep(1_000); // idle: what an environment holds between invocations
  const rss = environments.pids.map(rssMb);
  return {
    [`${runtime}: cold invoke (median of ${COLD_RUNS})`]: {
      p50Ms: round(median(cold), 1),
      p99Ms: round(percentile(cold, 99), 1),
    },
    [`${runtime}: warm invoke, 1 connection`]: serial.nubis,
    [`${runtime}: do-nothing server, 1 connection`]: serial.reference,
    [`${runtime}: warm invoke, ${THROUGHPUT_CONNECTIONS} connections`]: parallel.nubis,
    [`${runtime}: do-nothing server, ${THROUGHPUT_CONNECTIONS} connections`]: parallel.reference,
    [`${runtime}: ${CONCURRENT_ENVIRONMENTS} held invocations`]: {
      environments: environments.pids.length,
      failed: environments.failed,
      seconds: round(environments.elapsedMs / 1000, 2),
      idleRssMedianMb: round(median(rss), 1),
      idleRssMaxMb: round(Math.max(...rss), 1),
    },
  };
}

/** Each runtime on a Nubis of its own, so that one runtime's idle environments cost the other nothing. */
async function benchOnOwnNubis(runtime: RuntimeName, referenceUrl: string) {
  const nubis = await startNubis({ storage: 'sqlite' });
  const raw = new RawClient(nubis.endpoint, 'lambda');
  try {
    return await benchRuntime(new RawLambda(raw), runtime, referenceUrl);
  } finally {
    raw.close();
    await nubis.stop();
  }
}

export async function benchLambda(): Promise<void> {
  const runtimes = (process.env['BENCH_RUNTIMES'] ?? 'node,python').split(',') as RuntimeName[];
  const reference = await startReferenceServer();
  try {
    const rows = {};
    for (const runtime of runtimes) Object.assign(rows, await benchOnOwnNubis(runtime, reference.url));
    console.log(`Lambda Invoke (sqlite, durable; wrk ${ROUNDS} rounds of ${SECONDS}s, medians)`);
    console.table(rows);
  } finally {
    await reference.stop();
  }
}
