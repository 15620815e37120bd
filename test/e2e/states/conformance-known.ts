// The recordings with integrations that Nubis is known to replay differently from AWS, and why.
// Each is a gap of the product: a replay that differs for no reason listed here fails the suite,
// and one listed that starts to match is reported, so the list can shrink.
import type { RecordedCase } from '../../support/stepfunctions-cases.js';

interface KnownDifference {
  reason: string;
  applies(recorded: RecordedCase, services: string[]): boolean;
}

const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    reason:
      "the recorded child machine lives in a second account, reached through the Task's Credentials " +
      "(Nubis calls as the role's account, tasks.test.ts); the replay does not make that account's machine",
    applies: (recorded) => recorded.id.includes('::test_cross_account_states_start_sync_execution['),
  },
];

/** Why Nubis is known to replay the recording differently, or undefined. */
export function knownDifference(recorded: RecordedCase, services: string[]): string | undefined {
  return KNOWN_DIFFERENCES.find((known) => known.applies(recorded, services))?.reason;
}
