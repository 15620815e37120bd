// The expression languages of DynamoDB (condition, filter, key condition, projection, update) and
// the legacy parameters that say the same things (Expected, QueryFilter/ScanFilter, KeyConditions,
// AttributesToGet, AttributeUpdates). Being built: see the interface below.
import type { AttributeValue, Item } from '../attribute-value.js';

/** The members of a request that carry expressions or their legacy equivalents. */
export interface ExpressionInput {
  ConditionExpression?: string;
  FilterExpression?: string;
  KeyConditionExpression?: string;
  ProjectionExpression?: string;
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

export type { AttributeValue, Item };
