import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../../src/core/clock.js';
import type { EnvironmentSpec } from '../../../src/runtimes/environment.js';
import { EnvironmentPool } from '../../../src/runtimes/pool.js';
import { Prewarmer } from '../../../src/runtimes/prewarm.js';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:fn';

describe('the environment pool', () => {
  let root: string;
  let spec: EnvironmentSpec;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'nubis-pool-'));
    writeFileSync(
      join(root, 'index.mjs'),
      'export const handler = async () => process.pid; export const exits = async () => process.exit(1);',
    );
    spec = {
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      codeDirectory: root,
      memoryMb: 128,
      timeoutSeconds: 5,
      variables: { PATH: process.env['PATH'] ?? '', LAMBDA_TASK_ROOT: root, _HANDLER: 'index.handler' },
    };
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const invoke = async (pool: EnvironmentPool, key: string, s = spec) => {
    const lease = await pool.acquire(key, async () => s);
    const outcome = await lease.environment.invoke({
      requestId: 'r',
      payload: Buffer.from('{}'),
      invokedFunctionArn: ARN,
    });
    pool.release(key, lease.environment);
    return { cold: lease.cold, pid: outcome.result.payload.toString() };
  };

  test('reuses a warm environment, starts more under concurrency, and scales to zero when idle', async () => {
    const clock = new ManualClock();
    const pool = new EnvironmentPool({ idleTimeoutMs: 60_000, clock });
    try {
      const first = await invoke(pool, 'fn:1');
      const second = await invoke(pool, 'fn:1');
      assert.equal(first.cold, true);
      assert.equal(second.cold, false);
      assert.equal(second.pid, first.pid);

      const [a, b] = await Promise.all([
        pool.acquire('fn:1', async () => spec),
        pool.acquire('fn:1', async () => spec),
      ]);
      assert.equal(pool.size('fn:1'), 2);
      assert.notEqual(a.environment, b.environment);
      pool.release('fn:1', a.environment);
      pool.release('fn:1', b.environment);

      clock.advance(30_000);
      assert.equal(pool.size('fn:1'), 2, 'not idle long enough yet');
      clock.advance(60_000);
      assert.equal(pool.size('fn:1'), 0);
      assert.equal((await invoke(pool, 'fn:1')).cold, true);
    } finally {
      await pool.close();
    }
  });

  test('when everything is idle, the pre-started processes end too', async () => {
    const clock = new ManualClock();
    const prewarmer = new Prewarmer({ clock, refillDelayMs: 100 });
    const pool = new EnvironmentPool({ idleTimeoutMs: 60_000, clock, prewarmer });
    try {
      await invoke(pool, 'fn:prewarm');
      assert.equal(prewarmer.waiting, 0, 'nothing is started while the cold start runs');
      clock.advance(99);
      assert.equal(prewarmer.waiting, 0);
      clock.advance(1);
      assert.equal(prewarmer.waiting, 1, 'a cold start leaves one pre-started process for the next');
      clock.advance(120_000);
      assert.equal(pool.size('fn:prewarm'), 0);
      assert.equal(prewarmer.waiting, 0);
    } finally {
      await pool.close();
    }
  });

  test('an environment that ended is not reused', async () => {
    const pool = new EnvironmentPool({ idleTimeoutMs: 60_000, clock: new ManualClock() });
    const exits = {
      ...spec,
      handler: 'index.exits',
      variables: { ...spec.variables, _HANDLER: 'index.exits' },
    };
    try {
      await invoke(pool, 'fn:exits', exits);
      assert.equal(pool.size('fn:exits'), 0);
      assert.equal((await invoke(pool, 'fn:exits', exits)).cold, true);
    } finally {
      await pool.close();
    }
  });

  test('provisioned environments are initialised ahead, claimed first, and kept until unprovisioned', async () => {
    const clock = new ManualClock();
    const pool = new EnvironmentPool({ idleTimeoutMs: 60_000, clock });
    try {
      assert.deepEqual(await pool.provision('fn:2', () => spec, 2), { ok: true });
      assert.deepEqual(pool.provisionedUse('fn:2'), { total: 2, busy: 0 });
      const first = pool.claimProvisioned('fn:2');
      const second = pool.claimProvisioned('fn:2');
      assert.ok(first && second && first !== second);
      assert.equal(pool.claimProvisioned('fn:2'), undefined, 'both are busy');
      pool.release('fn:2', first);
      pool.release('fn:2', second);
      clock.advance(120_000);
      assert.equal(pool.size('fn:2'), 2, 'provisioned environments are not reaped');
      assert.deepEqual(await pool.provision('fn:2', () => spec, 1), { ok: true });
      assert.equal(pool.provisionedUse('fn:2').total, 1, 'the surplus one is an ordinary environment now');
      pool.unprovision('fn:2');
      assert.equal(pool.claimProvisioned('fn:2'), undefined);
      clock.advance(60_000);
      assert.equal(pool.size('fn:2'), 0, 'reaped once idle');
    } finally {
      await pool.close();
    }
  });

  test('an init failure provisions nothing', async () => {
    const pool = new EnvironmentPool({ idleTimeoutMs: 60_000, clock: new ManualClock() });
    const missing = {
      ...spec,
      handler: 'missing.handler',
      variables: { ...spec.variables, _HANDLER: 'missing.handler' },
    };
    try {
      const outcome = await pool.provision('fn:broken', () => missing, 1);
      assert.equal(outcome.ok, false);
      assert.equal(pool.size('fn:broken'), 0);
    } finally {
      await pool.close();
    }
  });
});
