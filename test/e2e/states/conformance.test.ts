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

/** `test_file.py::Class::test_name[param]`, without the path and the recorded call. */
const shortId = (recorded: RecordedCase) =>
  recorded.id.replace(/^.*::/, '').replace(/#get_execution_history$/, '');

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

    // A subtest a case, run one at a time: a case moves the shared clock, which would time out
    // another's waiting task. Cases needing a service Nubis lacks are skipped with the reason; those
    // Nubis is known to replay differently are todo, with the reason; every other one must match.
    describe('the executions with integrations, where Nubis has the services', () => {
      const tally = { replayed: 0, matched: 0 };
      after(() => {
        const skipped = INTEGRATION_CASES.length - tally.replayed;
        console.log(
          `${storage}: ${tally.matched} of ${tally.replayed} integration cases match, ${skipped} skipped`,
        );
      });
      for (const [index, recorded] of INTEGRATION_CASES.entries()) {
        const services = servicesOf(recorded);
        const skip = missingService(services);
        const todo = skip ? undefined : knownDifference(recorded, services);
        test(`[${services.join(', ')}] ${shortId(recorded)}`, { skip, todo }, async () => {
          tally.replayed++;
          const problem = await replayIntegration(replayer, clients, recorded, `integration-${index}`);
          if (!problem) tally.matched++;
          assert.equal(problem, undefined);
        });
      }
    });
  });
}
