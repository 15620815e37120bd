import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../../src/core/clock.js';
import { ExecutionEnvironment, type EnvironmentSpec } from '../../../src/runtimes/environment.js';
import { Prewarmer } from '../../../src/runtimes/prewarm.js';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:fn';

function errorOf(outcome: { result: { payload: Buffer } }): { errorType: string; errorMessage: string } {
  return JSON.parse(outcome.result.payload.toString('utf8')) as { errorType: string; errorMessage: string };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A killed child of a killed process waits, as a zombie, for init to reap it. */
function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('execution environments', () => {
  let root: string;
  const spec = (handler: string, extra: Partial<EnvironmentSpec> = {}): EnvironmentSpec => ({
    runtime: 'nodejs22.x',
    handler,
    codeDirectory: root,
    memoryMb: 128,
    timeoutSeconds: 3,
    variables: { PATH: process.env['PATH'] ?? '', LAMBDA_TASK_ROOT: root, _HANDLER: handler },
    ...extra,
  });
  const withHandler = (handler: string, extra: Partial<EnvironmentSpec> = {}) => {
    const s = spec(handler, extra);
    return { ...s, variables: { ...s.variables, _HANDLER: handler } };
  };

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'nubis-env-'));
    writeFileSync(
      join(root, 'index.mjs'),
      `export const ok = async (event) => ({ got: event });
       export const forever = () => new Promise(() => {});
       export const exits = async () => { process.exit(3); };
       export const hog = async () => { const kept = []; for (;;) { kept.push(Buffer.alloc(16 * 1024 * 1024, 1)); await new Promise((r) => setImmediate(r)); } };
       export const selfKill = async () => { process.kill(process.pid, 'SIGKILL'); };
       export const leavesChild = async () => {
         const { spawn } = await import('node:child_process');
         const child = spawn('sleep', ['600'], { stdio: 'ignore' });
         return { pid: child.pid };
       };
       export const floods = async () => {
         const megabyte = 'x'.repeat(1024 * 1024);
         for (let i = 0; i < 100; i++) await new Promise((done) => process.stdout.write(megabyte, done));
         return 'flooded';
       };
       export const sized = async (event) => 'x'.repeat(event.size);
       export const chatty = async () => { console.log('hello from the function'); process.stdout.write('raw line\\n'); return 'done'; };`,
    );
    writeFileSync(join(root, 'app.py'), 'def sized(event, context):\n    return "x" * event["size"]\n');
    mkdirSync(join(root, 'custom'));
    writeFileSync(
      join(root, 'custom', 'bootstrap'),
      `#!${process.execPath}
       const http = require('node:http');
       const api = 'http://' + process.env.AWS_LAMBDA_RUNTIME_API + '/2018-06-01/runtime/invocation/';
       function next() {
         http.get(api + 'next', (res) => {
           let body = ''; res.on('data', (c) => (body += c));
           res.on('end', () => {
             const id = res.headers['lambda-runtime-aws-request-id'];
             const req = http.request(api + id + '/response', { method: 'POST' }, (r) => { r.resume(); r.on('end', next); });
             req.end(JSON.stringify({ custom: JSON.parse(body) }));
           });
         });
       }
       next();`,
    );
    chmodSync(join(root, 'custom', 'bootstrap'), 0o755);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('answers, reports the init duration once, and stays warm', async () => {
    const env = await ExecutionEnvironment.start(withHandler('index.ok'));
    try {
      const first = await env.invoke({
        requestId: 'r1',
        payload: Buffer.from('{"n":1}'),
        invokedFunctionArn: ARN,
      });
      assert.equal(first.result.kind, 'response');
      assert.deepEqual(JSON.parse(first.result.payload.toString()), { got: { n: 1 } });
      assert.ok(first.initDurationMs !== undefined && first.initDurationMs > 0);
      assert.ok(first.maxMemoryUsedMb > 0);
      const second = await env.invoke({
        requestId: 'r2',
        payload: Buffer.from('2'),
        invokedFunctionArn: ARN,
      });
      assert.equal(second.initDurationMs, undefined);
      assert.equal(second.ended, false);
      assert.ok(env.idle);
    } finally {
      await env.close();
    }
  });

  for (const [runtime, handler] of [
    ['nodejs22.x', 'index.sized'],
    ['python3.12', 'app.sized'],
  ] as const) {
    test(`${runtime}: a response past 6 MB fails with Function.ResponseSizeTooLarge; the environment goes on`, async () => {
      const env = await ExecutionEnvironment.start(withHandler(handler, { runtime }));
      const run = (size: number) =>
        env.invoke({
          requestId: `sized-${size}`,
          payload: Buffer.from(JSON.stringify({ size })),
          invokedFunctionArn: ARN,
        });
      try {
        const refused = await run(7 * 1024 * 1024);
        assert.equal(refused.result.kind, 'error');
        assert.equal(
          refused.result.kind === 'error' && refused.result.errorType,
          'Function.ResponseSizeTooLarge',
        );
        assert.equal(
          JSON.parse(refused.result.payload.toString()).errorMessage,
          `Response payload size (${7 * 1024 * 1024 + 2} bytes) exceeded maximum allowed payload size (6291556 bytes).`,
        );
        const next = await run(3);
        assert.deepEqual([next.result.kind, next.result.payload.toString()], ['response', '"xxx"']);
      } finally {
        await env.close();
      }
    });
  }

  test('a function that never returns times out, and its environment ends', async () => {
    const clock = new ManualClock();
    const env = await ExecutionEnvironment.start(withHandler('index.forever', { clock, timeoutSeconds: 2 }));
    try {
      const pending = env.invoke({ requestId: 'slow', payload: Buffer.from('{}'), invokedFunctionArn: ARN });
      clock.advance(2_000);
      const outcome = await pending;
      assert.equal(outcome.result.kind, 'error');
      assert.deepEqual(errorOf(outcome), {
        errorType: 'Sandbox.Timedout',
        errorMessage: 'RequestId: slow Error: Task timed out after 2.00 seconds',
      });
      assert.equal(outcome.ended, true);
      assert.equal(env.alive, false);
    } finally {
      await env.close();
    }
  });

  test('a runtime that exits fails the invocation with Runtime.ExitError', async () => {
    const env = await ExecutionEnvironment.start(withHandler('index.exits'));
    try {
      const outcome = await env.invoke({
        requestId: 'x',
        payload: Buffer.from('{}'),
        invokedFunctionArn: ARN,
      });
      assert.deepEqual(errorOf(outcome), {
        errorType: 'Runtime.ExitError',
        errorMessage: 'RequestId: x Error: Runtime exited with error: exit status 3',
      });
      assert.equal(outcome.ended, true);
    } finally {
      await env.close();
    }
  });

  test('a runtime that kills itself fails the invocation with Runtime.ExitError', async () => {
    const env = await ExecutionEnvironment.start(withHandler('index.selfKill'));
    try {
      const outcome = await env.invoke({
        requestId: 'k',
        payload: Buffer.from('{}'),
        invokedFunctionArn: ARN,
      });
      assert.deepEqual(errorOf(outcome), {
        errorType: 'Runtime.ExitError',
        errorMessage: 'RequestId: k Error: Runtime exited with error: signal: killed',
      });
      assert.equal(outcome.ended, true);
    } finally {
      await env.close();
    }
  });

  test('processes the function started end with its environment', async () => {
    const env = await ExecutionEnvironment.start(withHandler('index.leavesChild'));
    const outcome = await env.invoke({ requestId: 'c', payload: Buffer.from('{}'), invokedFunctionArn: ARN });
    const { pid } = JSON.parse(outcome.result.payload.toString('utf8')) as { pid: number };
    assert.ok(isRunning(pid), 'the child runs while the environment does');
    await env.close();
    // A killed process is gone once it has been reaped; wait for that, not for a time.
    const deadline = Date.now() + 10_000;
    while (isRunning(pid) && !isZombie(pid) && Date.now() < deadline) {
      await new Promise((done) => setImmediate(done));
    }
    assert.ok(!isRunning(pid) || isZombie(pid), 'the child was killed with the environment');
  });

  test('printing 100 MB without a newline is logged in 256 KB pieces, up to 8 MB', async () => {
    const env = await ExecutionEnvironment.start(withHandler('index.floods', { timeoutSeconds: 60 }));
    try {
      const outcome = await env.invoke({
        requestId: 'f',
        payload: Buffer.from('{}'),
        invokedFunctionArn: ARN,
      });
      assert.equal(outcome.result.payload.toString('utf8'), '"flooded"');
      assert.ok(outcome.lines.every((line) => line.length <= 256 * 1024));
      const logged = outcome.lines.reduce((sum, line) => sum + line.length, 0);
      assert.ok(logged <= 8 * 1024 * 1024 + 200, `${logged} characters kept`);
      assert.match(outcome.lines.at(-1)!, /printed more than 8 MB/);
      assert.equal(env.alive, true, 'the environment stays usable');
    } finally {
      await env.close();
    }
  });

  test('allocating past the memory size ends the invocation with Lambda’s error, not the platform', async () => {
    const env = await ExecutionEnvironment.start(withHandler('index.hog', { memoryMb: 128 }));
    try {
      const outcome = await env.invoke({
        requestId: 'm',
        payload: Buffer.from('{}'),
        invokedFunctionArn: ARN,
      });
      assert.equal(outcome.result.kind, 'error');
      assert.ok(['Runtime.OutOfMemory', 'Runtime.ExitError'].includes(errorOf(outcome).errorType));
      assert.equal(outcome.ended, true);
    } finally {
      await env.close();
    }
  });

  test('the function’s output comes out line by line', async () => {
    const env = await ExecutionEnvironment.start(withHandler('index.chatty'));
    const lines: string[] = [];
    env.onOutput((line) => lines.push(line));
    try {
      await env.invoke({ requestId: 'chat', payload: Buffer.from('{}'), invokedFunctionArn: ARN });
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(
        lines.some((line) => /\tchat\tINFO\thello from the function$/.test(line)),
        lines.join('\n'),
      );
      assert.ok(lines.includes('raw line'));
    } finally {
      await env.close();
    }
  });

  test('a provided runtime runs the function’s own bootstrap', async () => {
    const codeDirectory = join(root, 'custom');
    const env = await ExecutionEnvironment.start({
      ...spec('ignored'),
      runtime: 'provided.al2023',
      codeDirectory,
    });
    try {
      const outcome = await env.invoke({
        requestId: 'p',
        payload: Buffer.from('{"x":1}'),
        invokedFunctionArn: ARN,
      });
      assert.deepEqual(JSON.parse(outcome.result.payload.toString()), { custom: { x: 1 } });
    } finally {
      await env.close();
    }
  });

  test('a provided runtime without a bootstrap fails with Runtime.ExitError', async () => {
    const env = await ExecutionEnvironment.start({ ...spec('ignored'), runtime: 'provided.al2023' });
    try {
      const outcome = await env.invoke({
        requestId: 'nb',
        payload: Buffer.from('{}'),
        invokedFunctionArn: ARN,
      });
      assert.equal(errorOf(outcome).errorType, 'Runtime.ExitError');
    } finally {
      await env.close();
    }
  });
});

describe('pre-started environments', () => {
  test('a pre-started Node.js process takes its function’s variables and directory, then runs it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nubis-prewarm-'));
    writeFileSync(
      join(root, 'index.mjs'),
      'export const handler = async () => ({ cwd: process.cwd(), v: process.env.MY_VAR });',
    );
    const clock = new ManualClock();
    const prewarmer = new Prewarmer({ clock, refillDelayMs: 100 });
    const spec: EnvironmentSpec = {
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      codeDirectory: root,
      memoryMb: 128,
      timeoutSeconds: 5,
      variables: {
        PATH: process.env['PATH'] ?? '',
        LAMBDA_TASK_ROOT: root,
        _HANDLER: 'index.handler',
        MY_VAR: 'set',
      },
    };
    try {
      // The first start finds none ready and has one started for the next; the second takes it.
      const cold = await ExecutionEnvironment.start(spec, prewarmer);
      clock.advance(100);
      assert.equal(prewarmer.waiting, 1);
      const warm = await ExecutionEnvironment.start(spec, prewarmer);
      assert.equal(prewarmer.waiting, 0);
      for (const env of [cold, warm]) {
        const outcome = await env.invoke({
          requestId: env.id,
          payload: Buffer.from('{}'),
          invokedFunctionArn: ARN,
        });
        assert.deepEqual(JSON.parse(outcome.result.payload.toString()), { cwd: root, v: 'set' });
        await env.close();
      }
    } finally {
      prewarmer.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a function whose layers ship shared libraries starts a fresh process (LD_LIBRARY_PATH is read at start)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nubis-prewarm-'));
    writeFileSync(join(root, 'index.mjs'), 'export const handler = async () => process.env.LD_LIBRARY_PATH;');
    const opt = join(root, 'opt');
    mkdirSync(join(opt, 'lib'), { recursive: true });
    writeFileSync(join(opt, 'lib', 'libexample.so.1'), '');
    const prewarmer = new Prewarmer();
    const spec: EnvironmentSpec = {
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      codeDirectory: root,
      optDirectory: opt,
      memoryMb: 128,
      timeoutSeconds: 5,
      variables: {
        PATH: process.env['PATH'] ?? '',
        LAMBDA_TASK_ROOT: root,
        _HANDLER: 'index.handler',
        LD_LIBRARY_PATH: join(opt, 'lib'),
      },
    };
    try {
      const env = await ExecutionEnvironment.start(spec, prewarmer);
      const outcome = await env.invoke({
        requestId: env.id,
        payload: Buffer.from('{}'),
        invokedFunctionArn: ARN,
      });
      assert.equal(JSON.parse(outcome.result.payload.toString()), join(opt, 'lib'));
      // No pre-started process was taken, so none was started to replace it.
      assert.equal(prewarmer.waiting, 0);
      await env.close();
    } finally {
      prewarmer.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
