// The executions recorded against AWS (../shared/conformance/stepfunctions), replayed through
// Nubis's Step Functions API by the AWS SDK against a real process: status, output or error and
// cause, and the history's event types must match the recording, on both storages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { sdkConfig, startNubis, storages } from '../../support/nubis.js';
import { difference, recordedCases, type RecordedCase } from '../../support/stepfunctions-cases.js';
import {
  fullHistory,
  inBatches,
  observedOf,
  RECORDED_ACCOUNT,
  REPLAY_CLOCK_START_MS,
  replayEnded,
  startReplay,
  type Replayer,
  waitsForTime,
} from './conformance-replay.js';
import { fixtureFor, type ServiceClients } from './conformance-fixtures.js';
import { missingService, servicesOf } from './conformance-services.js';
import { knownDifference } from './conformance-known.js';

/** The share of the pure recordings Nubis must match (the requirement). */
const REQUIRED_SHARE = 0.98;
/** Cases replayed at once: enough to keep both cores busy while each waits on its execution. */
const CONCURRENCY = 6;

const ALL_CASES = recordedCases();
/** With the hand-made inputs of those whose input the recorder replaced, every pure case runs. */
const PURE_CASES = ALL_CASES.filter((recorded) => recorded.pure && !recorded.input_has_placeholders);

async function replayPure(
  replayer: Replayer,
  recorded: RecordedCase,
  name: string,
): Promise<string | undefined> {
  try {
    const executionArn = await startReplay(replayer, name, recorded, recorded.input);
    const described = await replayEnded(replayer, executionArn);
    const events = await fullHistory(replayer.sfn, executionArn);
    return difference(recorded, observedOf(described, events));
  } catch (error) {
    return `threw ${(error as Error).message}`;
  }
}

const INTEGRATION_CASES = ALL_CASES.filter((recorded) => !recorded.pure);

async function replayIntegration(
  replayer: Replayer,
  clients: ServiceClients,
  recorded: RecordedCase,
  name: string,
): Promise<string | undefined> {
  try {
    const fixture = await fixtureFor(clients, recorded, name);
    const executionArn = await startReplay(replayer, name, recorded, fixture.input);
    await fixture.answer();
    const described = await replayEnded(replayer, executionArn, waitsForTime(recorded));
    const events = await fullHistory(replayer.sfn, executionArn);
    return difference(recorded, observedOf(described, events, fixture.substitutions));
  } catch (error) {
    return `threw ${(error as Error).message}`;
  }
}

for (const storage of storages()) {
  describe(`recorded Step Functions executions through the API (${storage})`, () => {
    const replayer = {} as Replayer;
    let clients: ServiceClients;
    before(async () => {
      replayer.nubis = await startNubis({ storage, manualClock: true, clockStartMs: REPLAY_CLOCK_START_MS });
      const config = { ...sdkConfig(replayer.nubis.endpoint, RECORDED_ACCOUNT), maxAttempts: 1 };
      replayer.sfn = new SFNClient(config);
      clients = {
        sfn: replayer.sfn,
        sqs: new SQSClient(config),
        dynamodb: new DynamoDBClient(config),
        lambda: new LambdaClient(config),
      };
    });
    after(async () => {
      for (const client of Object.values(clients)) client.destroy();
      await replayer.nubis.stop();
    });

    test('the executions without integrations end as AWS recorded them', async () => {
      const cases = PURE_CASES;
      const mismatches: string[] = [];
      await inBatches(
        cases.map((recorded, index) => ({ recorded, index })),
        CONCURRENCY,
        async ({ recorded, index }) => {
          const problem = await replayPure(replayer, recorded, `pure-${index}`);
          if (problem) mismatches.push(`${recorded.id}: ${problem}`);
        },
      );
      const matched = cases.length - mismatches.length;
      console.log(`${storage}: ${matched} of ${cases.length} pure cases match through the API`);
      if (mismatches.length > 0) console.log(`mismatches:\n${mismatches.join('\n')}`);
      assert.ok(
        matched / cases.length >= REQUIRED_SHARE,
        `${matched} of ${cases.length} match:\n${mismatches.join('\n')}`,
      );
    });

    // One at a time: a case moves the shared clock, which would time out another's waiting task.
    test('the executions with integrations end as AWS recorded them, where Nubis has the services', async () => {
      const report = { matched: 0, replayed: 0, lines: [] as string[], unexplained: [] as string[] };
      for (const [index, recorded] of INTEGRATION_CASES.entries()) {
        const services = servicesOf(recorded);
        const missing = missingService(services);
        const label = `[${services.join(', ')}] ${recorded.id}`;
        if (missing) {
          report.lines.push(`skipped ${label}: ${missing}`);
          continue;
        }
        report.replayed++;
        const problem = await replayIntegration(replayer, clients, recorded, `integration-${index}`);
        const known = knownDifference(recorded, services);
        if (!problem) report.matched++;
        if (!problem && known) report.lines.push(`matches now, though listed as known: ${label}`);
        if (problem && known) report.lines.push(`differs (known: ${known}) ${label}: ${problem}`);
        if (problem && !known) report.unexplained.push(`${label}: ${problem}`);
      }
      const skipped = INTEGRATION_CASES.length - report.replayed;
      console.log(
        `${storage}: ${report.matched} of ${report.replayed} replayed integration cases match, ${skipped} skipped\n` +
          [...report.lines, ...report.unexplained.map((line) => `differs ${line}`)].join('\n'),
      );
      assert.deepEqual(report.unexplained, [], 'integration replays that differ for no known reason');
    });
  });
}
