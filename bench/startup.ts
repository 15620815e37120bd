import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NUBIS_MAIN } from '../test/support/nubis.js';
import { median, round } from './stats.js';

/**
 * Time from process start to a 200 from /_nubis/health, and resident memory once idle, over
 * several fresh starts (each on a new data directory, so migrations run every time).
 */
const RUNS = Number(process.env['BENCH_RUNS'] ?? 10);
const IDLE_SETTLE_MS = 1000;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

async function startOnce(args: string[]): Promise<{ readyMs: number; rssMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /ready on (http:\/\/\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error('exited before ready')));
  });
  const health = await fetch(`${url}/_nubis/health`);
  if (health.status !== 200) throw new Error(`health answered ${health.status}`);
  const readyMs = performance.now() - started;
  await sleep(IDLE_SETTLE_MS);
  const rss = rssMb(child.pid!);
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return { readyMs, rssMb: rss };
}

export async function benchStartup(): Promise<void> {
  const nubis = [];
  const reference = [];
  const REFERENCE =
    "const s = require('node:http').createServer((q, r) => r.end('{}'));" +
    "s.listen(0, '127.0.0.1', () => console.log('ready on http://127.0.0.1:' + s.address().port));";
  for (let run = 0; run < RUNS; run++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'nubis-bench-'));
    nubis.push(await startOnce([NUBIS_MAIN, 'start', '--port', '0', '--data-dir', dataDir]));
    rmSync(dataDir, { recursive: true, force: true });
    reference.push(await startOnce(['-e', REFERENCE]));
  }
  console.log(`Start-up (${RUNS} fresh starts each, medians; SQLite on a new data directory)`);
  console.table({
    'nubis start → health 200': {
      readyMs: round(median(nubis.map((r) => r.readyMs))),
      idleRssMb: round(median(nubis.map((r) => r.rssMb))),
    },
    'bare node:http server': {
      readyMs: round(median(reference.map((r) => r.readyMs))),
      idleRssMb: round(median(reference.map((r) => r.rssMb))),
    },
  });
}
