import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { RuntimeApi, type InvocationResult, type RuntimeError } from '../../../src/runtimes/runtime-api.js';

const BOOTSTRAP = fileURLToPath(new URL('../../../src/runtimes/node/bootstrap.js', import.meta.url));

/** A task root with the given files, and a Runtime API + bootstrap process serving `handler`. */
class Environment {
  private output = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly api: RuntimeApi,
    readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', resolve));
  }

  static async start(taskRoot: string, handler: string, runtime = 'nodejs22.x'): Promise<Environment> {
    const api = await RuntimeApi.start();
    const child = spawn(process.execPath, [BOOTSTRAP], {
      cwd: taskRoot,
      env: {
        PATH: process.env['PATH'],
        AWS_LAMBDA_RUNTIME_API: api.address,
        LAMBDA_TASK_ROOT: taskRoot,
        _HANDLER: handler,
        AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
        AWS_LAMBDA_FUNCTION_NAME: 'fn',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
        AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/fn',
        AWS_LAMBDA_LOG_STREAM_NAME: 'stream',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Environment(api, child);
  }

  invoke(payload: unknown, requestId = `req-${Math.random()}`): Promise<InvocationResult> {
    return this.api.invoke({
      requestId,
      payload: Buffer.from(JSON.stringify(payload)),
      deadlineMs: Date.now() + 60_000,
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn',
    });
  }

  initError(): Promise<RuntimeError> {
    return new Promise((resolve) => this.api.onInitError(resolve));
  }

  logs(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
    await this.api.close();
  }
}

function json(result: InvocationResult): unknown {
  return JSON.parse(result.payload.toString('utf8'));
}

describe('the Node.js runtime over the Runtime API', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'nubis-runtime-'));
    const files: Record<string, string> = {
      'index.mjs': `export const handler = async (event, context) => ({
        echo: event, requestId: context.awsRequestId, name: context.functionName,
        arn: context.invokedFunctionArn, memory: context.memoryLimitInMB,
        remaining: context.getRemainingTimeInMillis() > 0 });
        export const nested = { deep: { fn: async () => 'nested' } };
        export const fails = async () => { const e = new TypeError('bad input'); throw e; };
        export const throwsString = async () => { throw 'plain text'; };
        export const logs = async () => { console.log('line one\\nline two'); console.error('oops'); return 1; };
        export const notAFunction = 42;
        export const crash = async () => { setTimeout(() => { throw new Error('boom'); }, 0); await new Promise(() => {}); };`,
      'cjs.js': `exports.handler = function (event, context, callback) {
        setTimeout(() => { globalThis.late = 'ran'; }, 20);
        callback(null, { cjs: true, late: globalThis.late ?? null });
      };
      exports.after = async () => globalThis.late ?? null;
      exports.noWait = function (event, context, callback) {
        context.callbackWaitsForEmptyEventLoop = false;
        setTimeout(() => {}, 60_000);
        callback(null, 'answered');
      };`,
      'lib/deep/mod.cjs': `module.exports.run = async (event) => event.n * 2;`,
      'broken.mjs': `export const handler = async () => {`,
    };
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), content);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('an ES module handler gets the event and Lambda’s context, and is reused while warm', async () => {
    const env = await Environment.start(root, 'index.handler');
    try {
      const first = await env.invoke({ a: 1 }, 'request-1');
      assert.equal(first.kind, 'response');
      assert.deepEqual(json(first), {
        echo: { a: 1 },
        requestId: 'request-1',
        name: 'fn',
        arn: 'arn:aws:lambda:us-east-1:000000000000:function:fn',
        memory: '128',
        remaining: true,
      });
      const second = await env.invoke('again', 'request-2');
      assert.deepEqual((json(second) as { echo: unknown }).echo, 'again');
    } finally {
      await env.stop();
    }
  });

  test('nested export paths and CommonJS modules in nested directories', async () => {
    const nested = await Environment.start(root, 'index.nested.deep.fn');
    const cjs = await Environment.start(root, 'lib/deep/mod.run');
    try {
      assert.equal(json(await nested.invoke({})), 'nested');
      assert.equal(json(await cjs.invoke({ n: 21 })), 42);
    } finally {
      await nested.stop();
      await cjs.stop();
    }
  });

  test('a callback handler answers once the event loop is empty, unless told not to wait', async () => {
    const waits = await Environment.start(root, 'cjs.handler');
    const noWait = await Environment.start(root, 'cjs.noWait');
    try {
      assert.deepEqual(json(await waits.invoke({})), { cjs: true, late: null });
      assert.equal(json(await noWait.invoke({})), 'answered');
    } finally {
      await waits.stop();
      await noWait.stop();
    }
  });

  test('handler errors come back as errorType, errorMessage and trace', async () => {
    const env = await Environment.start(root, 'index.fails');
    const plain = await Environment.start(root, 'index.throwsString');
    try {
      const result = await env.invoke({});
      assert.equal(result.kind, 'error');
      const body = json(result) as { errorType: string; errorMessage: string; trace: string[] };
      assert.equal(body.errorType, 'TypeError');
      assert.equal(body.errorMessage, 'bad input');
      assert.match(body.trace[0] ?? '', /TypeError: bad input/);
      assert.deepEqual(json(await plain.invoke({})), {
        errorType: 'string',
        errorMessage: 'plain text',
        trace: [],
      });
    } finally {
      await env.stop();
      await plain.stop();
    }
  });

  test('console output is one record per call in Lambda’s format', async () => {
    const env = await Environment.start(root, 'index.logs');
    try {
      await env.invoke({}, 'log-request');
      // Output printed before the answer is in the pipe by then, and read within this turn.
      await new Promise((resolve) => setImmediate(resolve));
      assert.match(env.logs(), /^\d{4}-\d\d-\d\dT[\d:.]+Z\tlog-request\tINFO\tline one\rline two$/m);
      assert.match(env.logs(), /\tlog-request\tERROR\toops$/m);
    } finally {
      await env.stop();
    }
  });

  const initFailures: Array<[string, string, RegExp]> = [
    ['missing.handler', 'Runtime.ImportModuleError', /Cannot find module 'missing'/],
    ['index.absent', 'Runtime.HandlerNotFound', /index\.absent is undefined or not exported/],
    ['index.notAFunction', 'Runtime.HandlerNotFound', /not exported/],
    ['nodots', 'Runtime.MalformedHandlerName', /Bad handler/],
    ['broken.handler', 'Runtime.UserCodeSyntaxError', /SyntaxError/],
  ];
  for (const [handler, errorType, message] of initFailures) {
    test(`init fails with ${errorType} for ${handler}, and the process ends`, async () => {
      const env = await Environment.start(root, handler);
      try {
        const failure = await env.initError();
        assert.equal(failure.errorType, errorType);
        const body = JSON.parse(failure.payload.toString('utf8')) as {
          errorType: string;
          errorMessage: string;
        };
        assert.equal(body.errorType, errorType);
        assert.match(body.errorMessage, message);
        assert.equal(await env.exited, 129);
      } finally {
        await env.stop();
      }
    });
  }

  test('an uncaught exception fails the invocation and ends the environment', async () => {
    const env = await Environment.start(root, 'index.crash');
    try {
      const result = await env.invoke({});
      assert.equal(result.kind, 'error');
      assert.equal((json(result) as { errorMessage: string }).errorMessage, 'boom');
      assert.equal(await env.exited, 129);
    } finally {
      await env.stop();
    }
  });
});
