// The event source of a stream mapping: a DynamoDB stream ARN. The stream is read through the
// DynamoDB Streams API (the internal client), never DynamoDB's tables.
import { isAwsError } from '../../core/aws-error.js';
import type { CallScope, InternalClient } from '../../core/service.js';
import { invalidParameterValue } from './errors.js';

const STREAM_ARN =
  /^arn:aws[a-zA-Z0-9-]*:dynamodb:(?<region>[a-z]{2}(?:-gov)?-[a-z]+-\d):(?<account>\d{12}):table\/(?<table>[a-zA-Z0-9_.-]{3,255})\/stream\/(?<label>[^/]+)$/;

export interface StreamSource {
  arn: string;
  accountId: string;
  region: string;
  tableName: string;
}

/** The stream an ARN names, or undefined when it is not a DynamoDB stream's. */
export function streamSourceOf(arn: string | undefined): StreamSource | undefined {
  const match = arn === undefined ? undefined : STREAM_ARN.exec(arn)?.groups;
  if (!match) return undefined;
  return { arn: arn!, accountId: match['account']!, region: match['region']!, tableName: match['table']! };
}

interface StreamDescription {
  StreamStatus: string;
  Shards: { ShardId: string }[];
}

/** The stream's description, read where the stream lives; a missing stream is Lambda's error. */
export async function describeStream(
  client: InternalClient,
  scope: CallScope,
  source: StreamSource,
): Promise<StreamDescription> {
  try {
    const output = await client.call<{ StreamDescription: StreamDescription }>(
      'dynamodb',
      'DescribeStream',
      { StreamArn: source.arn },
      { ...scope, accountId: source.accountId, region: source.region },
    );
    return output.StreamDescription;
  } catch (error) {
    if (isAwsError(error) && error.code === 'ResourceNotFoundException') {
      throw invalidParameterValue(`Stream not found: ${source.arn}`);
    }
    throw error;
  }
}
