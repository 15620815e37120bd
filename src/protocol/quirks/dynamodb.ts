// DynamoDB: JSON 1.0; its own exceptions carry the `com.amazonaws.dynamodb.v20120810#` namespace in
// `__type`, framework errors coral's (as recorded from AWS and reproduced by dynalite).
import { crc32 } from 'node:zlib';
import type { ServiceQuirks } from './index.js';
import { coralErrorType } from './coral.js';

export const dynamodbQuirks: ServiceQuirks = {
  errorType(code) {
    return coralErrorType(code) ?? `com.amazonaws.dynamodb.v20120810#${code}`;
  },
  rawJson: true,
  // DynamoDB sends the CRC32 of every response body; SDKs (boto3, the v2 JS SDK) verify it.
  bodyHeaders: (body) => ({ 'x-amz-crc32': String(crc32(body)) }),
};
