// Each operation's members in the order DynamoDB checks them, with their constraints (as
// recorded from DynamoDB's responses by dynalite's suite).
import {
  attributeValue,
  boolean,
  integer,
  keys,
  list,
  long,
  map,
  max,
  maxLength,
  min,
  minLength,
  notNull,
  oneOf,
  pattern,
  string,
  struct,
  values,
  type Members,
  type OperationSpec,
  type Spec,
} from './schema.js';

const NAME_PATTERN = '[a-zA-Z0-9_.-]+';
const tableName = () => string(notNull, pattern(NAME_PATTERN), minLength(3), maxLength(255));
const indexName = () => string(pattern(NAME_PATTERN), minLength(3), maxLength(255));
const requiredIndexName = () => string(notNull, pattern(NAME_PATTERN), minLength(3), maxLength(255));
const returnConsumedCapacity = () => string(oneOf('INDEXES', 'TOTAL', 'NONE'));
const returnItemCollectionMetrics = () => string(oneOf('SIZE', 'NONE'));
const returnValues = () => string(oneOf('ALL_NEW', 'UPDATED_OLD', 'ALL_OLD', 'NONE', 'UPDATED_NEW'));
const returnValuesOnConditionCheckFailure = () => string(oneOf('ALL_OLD', 'NONE'));
const conditionalOperator = () => string(oneOf('OR', 'AND'));
const item = (...constraints: Parameters<typeof map>[1][]) => map(attributeValue(), ...constraints);
const attributeNames = () => map(string());
const attributesToGet = () => list(string(), minLength(1), maxLength(255));
const COMPARISON_OPERATORS = [
  'IN',
  'NULL',
  'BETWEEN',
  'LT',
  'NOT_CONTAINS',
  'EQ',
  'GT',
  'NOT_NULL',
  'NE',
  'LE',
  'BEGINS_WITH',
  'GE',
  'CONTAINS',
];

const expected = () =>
  map(
    struct('ExpectedAttributeValue', {
      AttributeValueList: list(attributeValue()),
      ComparisonOperator: string(oneOf(...COMPARISON_OPERATORS)),
      Exists: boolean(),
      Value: attributeValue(),
    }),
  );

/** QueryFilter and ScanFilter list AttributeValueList first; KeyConditions the operator first. */
const conditions = (operatorFirst: boolean) => {
  const operator = string(notNull, oneOf(...COMPARISON_OPERATORS));
  const valuesList = list(attributeValue());
  const members = operatorFirst
    ? { ComparisonOperator: operator, AttributeValueList: valuesList }
    : { AttributeValueList: valuesList, ComparisonOperator: operator };
  return map(struct('Condition', members));
};

const throughput = (...constraints: Parameters<typeof struct>[2][]) =>
  struct(
    'ProvisionedThroughput',
    { WriteCapacityUnits: long(notNull, min(1)), ReadCapacityUnits: long(notNull, min(1)) },
    ...constraints,
  );

const keySchema = (typed: boolean): Spec =>
  list(
    struct('KeySchemaElement', {
      AttributeName: string(notNull),
      KeyType: typed ? string(notNull, oneOf('HASH', 'RANGE')) : string(notNull),
    }),
    notNull,
    minLength(1),
    maxLength(2),
  );

const projection = () =>
  struct(
    'Projection',
    {
      ProjectionType: string(oneOf('ALL', 'INCLUDE', 'KEYS_ONLY')),
      NonKeyAttributes: list(string(), minLength(1)),
    },
    notNull,
  );

/** The members every action of a TransactWriteItems shares, after its own key or item. */
const transactAction = (name: string, first: Members) =>
  struct(name, {
    ...first,
    TableName: tableName(),
    ConditionExpression: string(),
    ExpressionAttributeNames: attributeNames(),
    ExpressionAttributeValues: item(),
    ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure(),
  });

const MAX_TRANSACTION_ACTIONS = 100;
const statement = () => string(notNull, minLength(1), maxLength(8192));
const parameters = () => list(attributeValue(), minLength(1));
const streamArn = (...constraints: Parameters<typeof string>) =>
  string(...constraints, minLength(37), maxLength(1024));

const TABLE_ONLY: OperationSpec = {
  members: { TableName: string(pattern(NAME_PATTERN)) },
  required: ['TableName'],
  tableNames: ['TableName'],
};

export const OPERATION_SPECS: Record<string, OperationSpec> = {
  BatchGetItem: {
    members: {
      ReturnConsumedCapacity: returnConsumedCapacity(),
      RequestItems: map(
        struct('KeysAndAttributes', {
          Keys: list(item(), notNull, minLength(1), maxLength(100)),
          AttributesToGet: attributesToGet(),
          ConsistentRead: boolean(),
          ProjectionExpression: string(),
          ExpressionAttributeNames: attributeNames(),
        }),
        notNull,
        minLength(1),
        keys(maxLength(255), minLength(3), pattern(NAME_PATTERN)),
      ),
    },
  },
  BatchWriteItem: {
    members: {
      ReturnConsumedCapacity: returnConsumedCapacity(),
      ReturnItemCollectionMetrics: returnItemCollectionMetrics(),
      RequestItems: map(
        list(
          struct('WriteRequest', {
            DeleteRequest: struct('DeleteRequest', { Key: item(notNull) }),
            PutRequest: struct('PutRequest', { Item: item(notNull) }),
          }),
        ),
        notNull,
        minLength(1),
        keys(maxLength(255), minLength(3), pattern(NAME_PATTERN)),
        values(maxLength(25), minLength(1)),
      ),
    },
  },
  CreateTable: {
    members: {
      AttributeDefinitions: list(
        struct('AttributeDefinition', {
          AttributeName: string(notNull),
          AttributeType: string(notNull, oneOf('B', 'N', 'S')),
        }),
        notNull,
      ),
      TableName: string(pattern(NAME_PATTERN)),
      BillingMode: string(oneOf('PROVISIONED', 'PAY_PER_REQUEST')),
      ProvisionedThroughput: throughput(),
      KeySchema: keySchema(true),
      LocalSecondaryIndexes: list(
        struct('LocalSecondaryIndex', {
          IndexName: requiredIndexName(),
          KeySchema: keySchema(false),
          Projection: projection(),
        }),
      ),
      GlobalSecondaryIndexes: list(
        struct('GlobalSecondaryIndex', {
          IndexName: requiredIndexName(),
          KeySchema: keySchema(false),
          Projection: projection(),
          ProvisionedThroughput: throughput(),
        }),
      ),
      StreamSpecification: struct('StreamSpecification', {
        StreamEnabled: boolean(notNull),
        StreamViewType: string(oneOf('NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY')),
      }),
      Tags: list(
        struct('Tag', {
          Key: string(notNull, minLength(1), maxLength(128)),
          Value: string(notNull, maxLength(256)),
        }),
      ),
      DeletionProtectionEnabled: boolean(),
      TableClass: string(oneOf('STANDARD', 'STANDARD_INFREQUENT_ACCESS')),
    },
    required: ['TableName'],
    tableNames: ['TableName'],
  },
  DeleteItem: {
    members: {
      ReturnConsumedCapacity: returnConsumedCapacity(),
      TableName: tableName(),
      ReturnValues: returnValues(),
      ReturnItemCollectionMetrics: returnItemCollectionMetrics(),
      Key: item(notNull),
      ConditionalOperator: conditionalOperator(),
      Expected: expected(),
      ConditionExpression: string(),
      ExpressionAttributeValues: item(),
      ExpressionAttributeNames: attributeNames(),
      ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure(),
    },
  },
  DeleteTable: TABLE_ONLY,
  DescribeTable: TABLE_ONLY,
  DescribeTimeToLive: TABLE_ONLY,
  GetItem: {
    members: {
      ReturnConsumedCapacity: returnConsumedCapacity(),
      AttributesToGet: attributesToGet(),
      TableName: tableName(),
      Key: item(notNull),
      ConsistentRead: boolean(),
      ProjectionExpression: string(),
      ExpressionAttributeNames: attributeNames(),
    },
  },
  ListTables: {
    members: {
      Limit: integer(min(1), max(100)),
      ExclusiveStartTableName: indexName(),
    },
  },
  ListTagsOfResource: { members: { ResourceArn: string(), NextToken: string() } },
  PutItem: {
    members: {
      ReturnConsumedCapacity: returnConsumedCapacity(),
      TableName: tableName(),
      Item: item(notNull),
      ConditionalOperator: conditionalOperator(),
      Expected: expected(),
      ReturnValues: returnValues(),
      ReturnItemCollectionMetrics: returnItemCollectionMetrics(),
      ConditionExpression: string(),
      ExpressionAttributeValues: item(),
      ExpressionAttributeNames: attributeNames(),
      ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure(),
    },
  },
  Query: {
    members: {
      Select: string(oneOf('SPECIFIC_ATTRIBUTES', 'COUNT', 'ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES')),
      IndexName: indexName(),
      ReturnConsumedCapacity: returnConsumedCapacity(),
      QueryFilter: conditions(false),
      TableName: tableName(),
      ConditionalOperator: conditionalOperator(),
      AttributesToGet: attributesToGet(),
      Limit: integer(min(1)),
      KeyConditions: conditions(true),
      ExclusiveStartKey: item(),
      ConsistentRead: boolean(),
      ScanIndexForward: boolean(),
      KeyConditionExpression: string(),
      FilterExpression: string(),
      ProjectionExpression: string(),
      ExpressionAttributeValues: item(),
      ExpressionAttributeNames: attributeNames(),
    },
  },
  Scan: {
    members: {
      Select: string(oneOf('SPECIFIC_ATTRIBUTES', 'COUNT', 'ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES')),
      IndexName: indexName(),
      TotalSegments: integer(min(1), max(1000000)),
      ReturnConsumedCapacity: returnConsumedCapacity(),
      TableName: tableName(),
      ConditionalOperator: conditionalOperator(),
      ScanFilter: conditions(false),
      Segment: integer(min(0), max(999999)),
      Limit: integer(min(1)),
      AttributesToGet: attributesToGet(),
      ExclusiveStartKey: item(),
      ConsistentRead: boolean(),
      FilterExpression: string(),
      ProjectionExpression: string(),
      ExpressionAttributeValues: item(),
      ExpressionAttributeNames: attributeNames(),
    },
  },
  // PartiQL, constraints as the API reference gives them.
  ExecuteStatement: {
    members: {
      Statement: statement(),
      Parameters: parameters(),
      ConsistentRead: boolean(),
      NextToken: string(minLength(1), maxLength(32768)),
      ReturnConsumedCapacity: returnConsumedCapacity(),
      Limit: integer(min(1)),
      ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure(),
    },
  },
  BatchExecuteStatement: {
    members: {
      Statements: list(
        struct('BatchStatementRequest', {
          Statement: statement(),
          Parameters: parameters(),
          ConsistentRead: boolean(),
          ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure(),
        }),
        notNull,
        minLength(1),
        maxLength(25),
      ),
      ReturnConsumedCapacity: returnConsumedCapacity(),
    },
  },
  ExecuteTransaction: {
    members: {
      TransactStatements: list(
        struct('ParameterizedStatement', {
          Statement: statement(),
          Parameters: parameters(),
          ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure(),
        }),
        notNull,
        minLength(1),
        maxLength(MAX_TRANSACTION_ACTIONS),
      ),
      ClientRequestToken: string(minLength(1), maxLength(36)),
      ReturnConsumedCapacity: returnConsumedCapacity(),
    },
  },
  // DynamoDB Streams (DynamoDBStreams_20120810), constraints as its API reference gives them.
  DescribeStream: {
    members: {
      StreamArn: streamArn(notNull),
      Limit: integer(min(1), max(100)),
      ExclusiveStartShardId: string(minLength(28), maxLength(65)),
    },
  },
  GetRecords: {
    members: {
      ShardIterator: string(notNull, minLength(1), maxLength(2048)),
      Limit: integer(min(1), max(1000)),
    },
  },
  GetShardIterator: {
    members: {
      StreamArn: streamArn(notNull),
      ShardId: string(notNull, minLength(28), maxLength(65)),
      ShardIteratorType: string(
        notNull,
        oneOf('TRIM_HORIZON', 'LATEST', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'),
      ),
      SequenceNumber: string(minLength(21), maxLength(40)),
    },
  },
  ListStreams: {
    members: {
      TableName: string(pattern(NAME_PATTERN), minLength(3), maxLength(255)),
      Limit: integer(min(1), max(100)),
      ExclusiveStartStreamArn: streamArn(),
    },
  },
  TagResource: {
    members: { ResourceArn: string(), Tags: list(struct('Tag', { Key: string(), Value: string() })) },
  },
  TransactGetItems: {
    members: {
      TransactItems: list(
        struct('TransactGetItem', {
          Get: struct(
            'Get',
            {
              Key: item(notNull),
              TableName: tableName(),
              ProjectionExpression: string(),
              ExpressionAttributeNames: attributeNames(),
            },
            notNull,
          ),
        }),
        notNull,
        minLength(1),
        maxLength(MAX_TRANSACTION_ACTIONS),
      ),
      ReturnConsumedCapacity: returnConsumedCapacity(),
    },
  },
  TransactWriteItems: {
    members: {
      TransactItems: list(
        struct('TransactWriteItem', {
          ConditionCheck: transactAction('ConditionCheck', { Key: item(notNull) }),
          Put: transactAction('Put', { Item: item(notNull) }),
          Delete: transactAction('Delete', { Key: item(notNull) }),
          Update: transactAction('Update', { Key: item(notNull), UpdateExpression: string(notNull) }),
        }),
        notNull,
        minLength(1),
        maxLength(MAX_TRANSACTION_ACTIONS),
      ),
      ReturnConsumedCapacity: returnConsumedCapacity(),
      ReturnItemCollectionMetrics: returnItemCollectionMetrics(),
      ClientRequestToken: string(minLength(1), maxLength(36)),
    },
  },
  UntagResource: { members: { ResourceArn: string(), TagKeys: list(string()) } },
  UpdateItem: {
    members: {
      ReturnConsumedCapacity: returnConsumedCapacity(),
      TableName: tableName(),
      ReturnItemCollectionMetrics: returnItemCollectionMetrics(),
      ReturnValues: returnValues(),
      Key: item(notNull),
      ConditionalOperator: conditionalOperator(),
      Expected: expected(),
      AttributeUpdates: map(struct('AttributeValueUpdate', { Action: string(), Value: attributeValue() })),
      ConditionExpression: string(),
      UpdateExpression: string(),
      ExpressionAttributeValues: item(),
      ExpressionAttributeNames: attributeNames(),
      ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure(),
    },
  },
  UpdateTable: {
    members: {
      TableName: string(pattern(NAME_PATTERN)),
      ProvisionedThroughput: throughput(),
      BillingMode: string(oneOf('PROVISIONED', 'PAY_PER_REQUEST')),
      GlobalSecondaryIndexUpdates: list(
        struct('GlobalSecondaryIndexUpdate', {
          Update: struct('UpdateGlobalSecondaryIndexAction', {
            IndexName: requiredIndexName(),
            ProvisionedThroughput: throughput(notNull),
          }),
          // On-demand tables' indexes take no throughput; UpdateTable asks for it on provisioned ones.
          Create: struct('CreateGlobalSecondaryIndexAction', {
            Projection: projection(),
            IndexName: requiredIndexName(),
            ProvisionedThroughput: throughput(),
            KeySchema: keySchema(false),
          }),
          Delete: struct('DeleteGlobalSecondaryIndexAction', { IndexName: requiredIndexName() }),
        }),
      ),
      AttributeDefinitions: list(
        struct('AttributeDefinition', {
          AttributeName: string(notNull),
          AttributeType: string(notNull, oneOf('B', 'N', 'S')),
        }),
      ),
      StreamSpecification: struct('StreamSpecification', {
        StreamEnabled: boolean(notNull),
        StreamViewType: string(oneOf('NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY')),
      }),
      DeletionProtectionEnabled: boolean(),
      TableClass: string(oneOf('STANDARD', 'STANDARD_INFREQUENT_ACCESS')),
    },
    required: ['TableName'],
    tableNames: ['TableName'],
  },
  UpdateTimeToLive: {
    members: {
      TableName: tableName(),
      TimeToLiveSpecification: struct(
        'TimeToLiveSpecification',
        { Enabled: boolean(notNull), AttributeName: string(notNull, minLength(1), maxLength(255)) },
        notNull,
      ),
    },
  },
};
