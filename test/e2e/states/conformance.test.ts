// The executions recorded against AWS (../shared/conformance/stepfunctions), replayed through
// Nubis's Step Functions API by the AWS SDK against a real process: status, output or error and
// cause, and the history's event types must match the recording, on both storages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SFNClient } from '@aws-sdk/client-sfn';
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
} from './conformance-replay.js';

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

for (const storage of storages()) {
  describe(`recorded Step Functions executions through the API (${storage})`, () => {
    const replayer = {} as Replayer;
    before(async () => {
      replayer.nubis = await startNubis({ storage, manualClock: true, clockStartMs: REPLAY_CLOCK_START_MS });
      replayer.sfn = new SFNClient({
        ...sdkConfig(replayer.nubis.endpoint, RECORDED_ACCOUNT),
        maxAttempts: 1,
      });
    });
    after(async () => {
      replayer.sfn.destroy();
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
  });
}
