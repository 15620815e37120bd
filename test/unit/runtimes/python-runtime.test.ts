import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { spawn } from 'node:child_process';
import { ExecutionEnvironment } from '../../../src/runtimes/environment.js';
import { RuntimeApi } from '../../../src/runtimes/runtime-api.js';
import { runtimeCommand } from '../../../src/runtimes/runtimes.js';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:py';

describe('the Python runtime', () => {
  let root: string;
  const start = (handler: string) =>
    ExecutionEnvironment.start({
      runtime: 'python3.12',
      handler,
      codeDirectory: root,
      memoryMb: 128,
      timeoutSeconds: 10,
      variables: {
        PATH: process.env['PATH'] ?? '',
        LAMBDA_TASK_ROOT: root,
        _HANDLER: handler,
        AWS_LAMBDA_FUNCTION_NAME: 'py',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      },
    });
  const invoke = (env: ExecutionEnvironment, payload: unknown, requestId = 'py-request') =>
    env.invoke({ requestId, payload: Buffer.from(JSON.stringify(payload)), invokedFunctionArn: ARN });
  const body = (outcome: { result: { payload: Buffer } }) =>
    JSON.parse(outcome.result.payload.toString()) as any;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'nubis-python-'));
    writeFileSync(
      join(root, 'app.py'),
      [
        'import logging',
        'def handler(event, context):',
        '    print("printed", event["n"])',
        '    logging.getLogger().warning("careful")',
        '    return {"double": event["n"] * 2, "id": context.aws_request_id, "name": context.function_name,',
        '            "arn": context.invoked_function_arn, "left": context.get_remaining_time_in_millis() > 0}',
        'def fails(event, context):',
        '    raise ValueError("no good")',
        'not_callable = 3',
      ].join('\n'),
    );
    mkdirSync(join(root, 'pkg'));
    writeFileSync(join(root, 'pkg', '__init__.py'), '');
    writeFileSync(join(root, 'pkg', 'mod.py'), 'def run(event, context):\n    return "from a package"\n');
    writeFileSync(join(root, 'broken.py'), 'def handler(:\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('a handler gets the event and context; print and logging reach the output', async () => {
    const env = await start('app.handler');
    const lines: string[] = [];
    env.onOutput((line) => lines.push(line));
    try {
      const outcome = await invoke(env, { n: 21 }, 'req-1');
      assert.deepEqual(body(outcome), { double: 42, id: 'req-1', name: 'py', arn: ARN, left: true });
      assert.equal(body(await invoke(env, { n: 1 })).double, 2);
      assert.ok(lines.includes('printed 21'), lines.join('\n'));
      assert.ok(
        lines.some((line) => /^\[WARNING\]\t\d{4}-\d\d-\d\dT[\d:.]+Z\treq-1\tcareful$/.test(line)),
        lines.join('\n'),
      );
    } finally {
      await env.close();
    }
  });

  test('packages by path and by module name', async () => {
    const env = await start('pkg/mod.run');
    try {
      assert.equal(body(await invoke(env, {})), 'from a package');
    } finally {
      await env.close();
    }
  });

  test('without Nubis’s Unix socket the runtime reaches the Runtime API over AWS_LAMBDA_RUNTIME_API (TCP)', async () => {
    const api = await RuntimeApi.start();
    const { command, args } = runtimeCommand({ runtime: 'python3.12', memoryMb: 128, codeDirectory: root });
    const child = spawn(command, args, {
      cwd: root,
      env: {
        PATH: process.env['PATH'] ?? '',
        AWS_LAMBDA_RUNTIME_API: api.address,
        LAMBDA_TASK_ROOT: root,
        _HANDLER: 'app.handler',
      },
      stdio: 'ignore',
    });
    try {
      for (const n of [1, 2]) {
        const result = await api.invoke({
          requestId: `tcp-${n}`,
          payload: Buffer.from(JSON.stringify({ n })),
          deadlineMs: Date.now() + 60_000,
          invokedFunctionArn: ARN,
        });
        assert.equal(result.kind, 'response');
        assert.equal(JSON.parse(result.payload.toString()).double, n * 2);
      }
    } finally {
      child.kill();
      await api.close();
    }
  });

  test('handler errors come back as Lambda’s Python runtime reports them', async () => {
    const env = await start('app.fails');
    try {
      const outcome = await invoke(env, {}, 'err-1');
      assert.equal(outcome.result.kind, 'error');
      const error = body(outcome);
      assert.equal(error.errorType, 'ValueError');
      assert.equal(error.errorMessage, 'no good');
      assert.equal(error.requestId, 'err-1');
      assert.ok(Array.isArray(error.stackTrace) && error.stackTrace.length > 0);
    } finally {
      await env.close();
    }
  });

  const initFailures: Array<[string, string, RegExp]> = [
    ['missing.handler', 'Runtime.ImportModuleError', /Unable to import module 'missing'/],
    ['app.absent', 'Runtime.HandlerNotFound', /Handler 'absent' missing on module 'app'/],
    ['app.not_callable', 'Runtime.HandlerNotFound', /missing on module 'app'/],
    ['nodot', 'Runtime.MalformedHandlerName', /Bad handler 'nodot'/],
    ['broken.handler', 'Runtime.UserCodeSyntaxError', /Syntax error in module 'broken'/],
  ];
  for (const [handler, errorType, message] of initFailures) {
    test(`init fails with ${errorType} for ${handler}`, async () => {
      const env = await start(handler);
      try {
        const outcome = await invoke(env, {});
        assert.equal(outcome.result.kind, 'error');
        const error = body(outcome);
        assert.equal(error.errorType, errorType);
        assert.match(error.errorMessage, message);
        assert.equal(outcome.ended, true);
      } finally {
        await env.close();
      }
    });
  }
});
