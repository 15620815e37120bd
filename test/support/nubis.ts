import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from './postgres.js';

/** The package's CLI entry, which `npx nubis` runs. */
export const NUBIS_MAIN = fileURLToPath(new URL('../../../bin/nubis.js', import.meta.url));

export type StorageKind = 'sqlite' | 'postgres';

export interface NubisProcess {
  endpoint: string;
  dataDir: string;
  postgresUrl: string | undefined;
  child: ChildProcess;
  /** Moves the process's manual clock forward (only with `manualClock: true`). */
  advanceClock(ms: number): Promise<void>;
  /** SIGTERM, wait for a clean exit, remove what the harness created. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would; keeps the data for a restart. */
  kill(): Promise<void>;
  /** What the process printed so far (for assertions and failure messages). */
  output(): string;
}

export interface StartOptions {
  storage?: StorageKind;
  /** Share a database with another node; the caller owns it (it is not dropped on stop). */
  postgresUrl?: string;
  /** Reuse a data directory (a restart after kill); the caller owns it. */
  dataDir?: string;
  manualClock?: boolean;
  /** Where a manual clock starts; nodes sharing a database need the same one. */
  clockStartMs?: number;
  env?: Record<string, string>;
}

const READY_LINE = /nubis ready on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 30_000;

/** The storages every stateful suite runs on: both, unless NUBIS_TEST_STORAGES narrows it. */
export function storages(): StorageKind[] {
  const chosen = process.env['NUBIS_TEST_STORAGES'];
  if (!chosen) return ['sqlite', 'postgres'];
  return chosen.split(',').filter((s): s is StorageKind => s === 'sqlite' || s === 'postgres');
}

export function sdkConfig(endpoint: string, accessKeyId = 'test') {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'test' },
  };
}

export async function startNubis(options: StartOptions = {}): Promise<NubisProcess> {
  const storage = options.storage ?? 'sqlite';
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'nubis-test-'));
  const ownedDatabase =
    storage === 'postgres' && !options.postgresUrl ? await createTestDatabase() : undefined;
  const postgresUrl = options.postgresUrl ?? ownedDatabase?.url;
  const args = [NUBIS_MAIN, 'start', '--port', '0', '--data-dir', dataDir, '--storage', storage];
  if (postgresUrl) args.push('--postgres-url', postgresUrl);
  // NUBIS_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles a benchmark's server.
  const nodeArgs = (process.env['NUBIS_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    env: { ...process.env, ...manualClockEnv(options), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = await waitForReady(child, () => output);

  const cleanUp = async () => {
    await ownedDatabase?.drop();
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  return {
    endpoint,
    dataDir,
    postgresUrl,
    child,
    output: () => output,
    async advanceClock(ms) {
      const response = await fetch(`${endpoint}/_nubis/clock`, {
        method: 'POST',
        body: JSON.stringify({ advanceMs: ms }),
      });
      if (!response.ok)
        throw new Error(`advancing the clock failed: ${response.status} ${await response.text()}`);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await cleanUp();
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

function manualClockEnv(options: StartOptions): Record<string, string> {
  if (!options.manualClock) return {};
  return { NUBIS_CLOCK: 'manual', NUBIS_CLOCK_START_MS: String(options.clockStartMs ?? Date.now()) };
}

function waitForReady(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`nubis did not become ready:\n${output()}`)),
      START_TIMEOUT_MS,
    );
    const onData = () => {
      const match = READY_LINE.exec(output());
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(match[1]);
      }
    };
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`nubis exited (${code}) before ready:\n${output()}`)));
  });
}
