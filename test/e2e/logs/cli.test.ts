// Debian's AWS CLI v2 (/usr/bin/aws) against CloudWatch Logs, including `aws logs tail`, which
// pages through FilterLogEvents.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { AWS_CLI, awsCli, clientEnv } from '../../support/clients.js';
import { startNubis, storages, type NubisProcess } from '../../support/nubis.js';

for (const storage of storages()) {
  describe(`AWS CLI against CloudWatch Logs (${storage})`, () => {
    let nubis: NubisProcess;
    let raw: (...args: string[]) => Promise<string>;
    const aws = async (...args: string[]) => {
      const stdout = await raw('--output', 'json', ...args);
      return stdout.trim() ? JSON.parse(stdout) : {};
    };
    const now = Date.now();
    before(async () => {
      // The system clock: `--since 1h` is computed from the real time.
      nubis = await startNubis({ storage });
      raw = (...args) => awsCli(nubis.endpoint, ...args);
    });
    after(() => nubis.stop());

    /** Resolves once `read()` matches, checking whenever the child prints; fails after `ms`. */
    const printed = (onData: (fn: () => void) => void, read: () => string, pattern: RegExp, ms = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in:\n${read()}`)), ms);
        const check = () => {
          if (pattern.test(read())) {
            clearTimeout(timer);
            resolve();
          }
        };
        onData(check);
        check();
      });

    test('create-log-group, create-log-stream, put-log-events, get-log-events, filter-log-events', async () => {
      await aws('logs', 'create-log-group', '--log-group-name', '/aws/lambda/cli');
      await aws(
        'logs',
        'create-log-stream',
        '--log-group-name',
        '/aws/lambda/cli',
        '--log-stream-name',
        'one',
      );
      const events = [
        { timestamp: now - 2_000, message: 'START RequestId: 1' },
        { timestamp: now - 1_000, message: '{"level":"ERROR","msg":"boom"}' },
        { timestamp: now, message: 'END RequestId: 1' },
      ];
      const put = await aws(
        'logs',
        'put-log-events',
        '--log-group-name',
        '/aws/lambda/cli',
        '--log-stream-name',
        'one',
        '--log-events',
        JSON.stringify(events),
      );
      assert.match(put.nextSequenceToken, /^\d{56}$/);
      const got = await aws(
        'logs',
        'get-log-events',
        '--log-group-name',
        '/aws/lambda/cli',
        '--log-stream-name',
        'one',
      );
      assert.deepEqual(
        got.events.map((e: { message: string }) => e.message),
        events.map((e) => e.message),
      );
      const filtered = await aws(
        'logs',
        'filter-log-events',
        '--log-group-name',
        '/aws/lambda/cli',
        '--filter-pattern',
        '{ $.level = "ERROR" }',
      );
      assert.deepEqual(
        filtered.events.map((e: { message: string; logStreamName: string }) => [e.logStreamName, e.message]),
        [['one', '{"level":"ERROR","msg":"boom"}']],
      );
      const terms = await aws(
        'logs',
        'filter-log-events',
        '--log-group-name',
        '/aws/lambda/cli',
        '--filter-pattern',
        'RequestId -END',
      );
      assert.deepEqual(
        terms.events.map((e: { message: string }) => e.message),
        ['START RequestId: 1'],
      );
    });

    test('aws logs tail --since 1h prints the events', async () => {
      const output = await raw('logs', 'tail', '/aws/lambda/cli', '--since', '1h');
      assert.match(output, /START RequestId: 1/);
      assert.match(output, /END RequestId: 1/);
    });

    test('aws logs tail --follow prints events as they arrive', async () => {
      await aws('logs', 'create-log-group', '--log-group-name', 'follow');
      await aws('logs', 'create-log-stream', '--log-group-name', 'follow', '--log-stream-name', 's');
      const putOne = (message: string) =>
        aws(
          'logs',
          'put-log-events',
          '--log-group-name',
          'follow',
          '--log-stream-name',
          's',
          '--log-events',
          JSON.stringify([{ timestamp: Date.now(), message }]),
        );
      await putOne('first line');
      const child = spawn(AWS_CLI, ['--endpoint-url', nubis.endpoint, 'logs', 'tail', 'follow', '--follow'], {
        env: clientEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const listeners: Array<() => void> = [];
      const onOutput = (chunk: Buffer) => {
        output += chunk.toString();
        for (const fn of listeners) fn();
      };
      child.stdout.on('data', onOutput);
      child.stderr.on('data', onOutput);
      try {
        await printed(
          (fn) => listeners.push(fn),
          () => output,
          /first line/,
        );
        await putOne('second line');
        // The CLI polls FilterLogEvents every 5 seconds.
        await printed(
          (fn) => listeners.push(fn),
          () => output,
          /second line/,
        );
        assert.equal(output.match(/first line/g)?.length, 1, output);
      } finally {
        child.kill('SIGTERM');
      }
    });
  });
}
