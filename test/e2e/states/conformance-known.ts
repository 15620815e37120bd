// The recordings with integrations that Nubis is known to replay differently from AWS, and why.
// Each is a gap of the product: a replay that differs for no reason listed here fails the suite,
// and one listed that starts to match is reported, so the list can shrink.
import type { RecordedCase } from '../../support/stepfunctions-cases.js';

interface KnownDifference {
  reason: string;
  applies(recorded: RecordedCase, services: string[]): boolean;
}

const idEndsWith =
  (...names: string[]) =>
  (recorded: RecordedCase) =>
    names.some((name) => recorded.id.endsWith(`::${name}#get_execution_history`));

const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    reason:
      'Nubis runs a Distributed Map as an inline one: its history shows iterations, not a Map Run ' +
      '(MapRunStarted, MapRunSucceeded); the outputs match',
    applies: (_, services) => services.includes('states (Distributed Map)'),
  },
  {
    reason:
      "an optimized integration's SdkHttpMetadata holds only Content-Type and x-amzn-RequestId " +
      "(SQS's as text/xml, where AWS answers application/x-amz-json-1.0); AWS's also has " +
      'Content-Length, Date, Connection (DynamoDB: Server, x-amz-crc32) — src/services/states/integrations.ts',
    applies: idEndsWith(
      'TestTaskServiceSqs::test_send_message_attributes',
      'TestBaseScenarios::test_sqs_send_message',
      'TestTaskServiceDynamoDB::test_base_integrations[DYNAMODB_PUT_DELETE_ITEM]',
      'TestTaskServiceDynamoDB::test_base_integrations[DYNAMODB_PUT_UPDATE_GET_ITEM]',
    ),
  },
  {
    reason:
      'sqs:sendMessage sends a null MessageBody as the text "null"; AWS fails the task with ' +
      'SQS.AmazonSQSException (MissingParameter) — src/services/states/integrations.ts',
    applies: idEndsWith('TestTaskServiceSqs::test_send_message_empty_body'),
  },
];

/** Why Nubis is known to replay the recording differently, or undefined. */
export function knownDifference(recorded: RecordedCase, services: string[]): string | undefined {
  return KNOWN_DIFFERENCES.find((known) => known.applies(recorded, services))?.reason;
}
