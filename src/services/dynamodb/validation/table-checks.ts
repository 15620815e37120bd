// CreateTable's and UpdateTable's rules about a table definition (messages as DynamoDB has them).
import { validation } from '../errors.js';

type Body = Record<string, any>;
const INVALID = 'One or more parameter values were invalid:';
const MAX_UNITS = 1_000_000_000_000;
const MAX_LOCAL_INDEXES = 5;
const MAX_GLOBAL_INDEXES = 20;

const fail = (message: string): never => {
  throw validation(message);
};

function checkThroughputBounds(throughput: Body | undefined): void {
  if (!throughput) return;
  for (const member of ['ReadCapacityUnits', 'WriteCapacityUnits']) {
    if (throughput[member] > MAX_UNITS)
      fail(`Given value ${throughput[member]} for ${member} is out of bounds`);
  }
}

function checkBilling(body: Body): void {
  if (body.BillingMode === 'PAY_PER_REQUEST') {
    if (body.ProvisionedThroughput) {
      fail(
        `${INVALID} Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`,
      );
    }
    return;
  }
  const throughput = body.ProvisionedThroughput;
  if (!throughput || !throughput.ReadCapacityUnits || !throughput.WriteCapacityUnits) {
    fail(
      `${INVALID} ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`,
    );
  }
  checkThroughputBounds(throughput);
}

function checkKeySchema(keySchema: Body[], definitions: string[]): void {
  const names = keySchema.map((key) => key.AttributeName as string);
  if (names.some((name) => !definitions.includes(name))) {
    fail(
      `${INVALID} Some index key attributes are not defined in AttributeDefinitions. Keys: [${names.join(', ')}], AttributeDefinitions: [${definitions.join(', ')}]`,
    );
  }
  if (keySchema[1] && names[0] === names[1])
    fail('Both the Hash Key and the Range Key element in the KeySchema have the same name');
  if (keySchema[0]!.KeyType !== 'HASH')
    fail('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  if (keySchema[1] && keySchema[1].KeyType !== 'RANGE') {
    fail('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  }
}

function checkProjection(projection: Body): void {
  if (projection.ProjectionType === undefined) fail(`${INVALID} Unknown ProjectionType: null`);
  if (projection.NonKeyAttributes && projection.ProjectionType !== 'INCLUDE') {
    fail(`${INVALID} ProjectionType is ${projection.ProjectionType}, but NonKeyAttributes is specified`);
  }
}

function checkLocalIndexes(body: Body, definitions: string[], names: Set<string>): void {
  const indexes = body.LocalSecondaryIndexes as Body[] | undefined;
  if (!indexes) return;
  if (indexes.length === 0) fail(`${INVALID} List of LocalSecondaryIndexes is empty`);
  if (body.KeySchema.length !== 2) {
    fail(
      `${INVALID} Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex`,
    );
  }
  const tableHash = body.KeySchema[0].AttributeName;
  for (const index of indexes) {
    checkKeySchema(index.KeySchema, definitions);
    if (index.KeySchema.length !== 2)
      fail(`${INVALID} Index KeySchema does not have a range key for index: ${index.IndexName}`);
    const indexHash = index.KeySchema[0].AttributeName;
    if (indexHash !== tableHash) {
      fail(
        `${INVALID} Index KeySchema does not have the same leading hash key as table KeySchema for index: ${index.IndexName}. index hash key: ${indexHash}, table hash key: ${tableHash}`,
      );
    }
    checkProjection(index.Projection);
    if (names.has(index.IndexName)) fail(`${INVALID} Duplicate index name: ${index.IndexName}`);
    names.add(index.IndexName);
  }
  if (indexes.length > MAX_LOCAL_INDEXES) {
    fail(`${INVALID} Number of LocalSecondaryIndexes exceeds per-table limit of ${MAX_LOCAL_INDEXES}`);
  }
}

function checkGlobalIndexes(body: Body, definitions: string[], names: Set<string>): void {
  const indexes = body.GlobalSecondaryIndexes as Body[] | undefined;
  if (!indexes) return;
  if (indexes.length === 0) fail(`${INVALID} List of GlobalSecondaryIndexes is empty`);
  for (const index of indexes) {
    checkKeySchema(index.KeySchema, definitions);
    checkProjection(index.Projection);
    if (body.BillingMode === 'PAY_PER_REQUEST' && index.ProvisionedThroughput) {
      fail(
        `${INVALID} ProvisionedThroughput should not be specified for index: ${index.IndexName} when BillingMode is PAY_PER_REQUEST`,
      );
    }
    if (names.has(index.IndexName)) fail(`${INVALID} Duplicate index name: ${index.IndexName}`);
    names.add(index.IndexName);
  }
  if (indexes.length > MAX_GLOBAL_INDEXES) {
    fail(`${INVALID} GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GLOBAL_INDEXES}`);
  }
}

/** An enabled stream needs a view type: without one a record would have no rule for its images. */
function checkStreamViewType(spec: Body | undefined): void {
  if (spec?.StreamEnabled && spec.StreamViewType === undefined) {
    fail(`${INVALID} StreamViewType is required when StreamEnabled is true`);
  }
}

export function checkCreateTable(body: Body): undefined {
  checkBilling(body);
  const definitions = (body.AttributeDefinitions as Body[]).map((d) => d.AttributeName as string);
  const keyNames = (body.KeySchema as Body[]).map((key) => key.AttributeName as string);
  if (keyNames.length > definitions.length)
    fail('Invalid KeySchema: Some index key attribute have no definition');
  checkKeySchema(body.KeySchema, definitions);
  if (
    !body.LocalSecondaryIndexes &&
    !body.GlobalSecondaryIndexes &&
    body.KeySchema.length !== definitions.length
  ) {
    fail(
      `${INVALID} Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`,
    );
  }
  const names = new Set<string>();
  checkLocalIndexes(body, definitions, names);
  checkGlobalIndexes(body, definitions, names);
  checkStreamViewType(body.StreamSpecification);
  return undefined;
}

const CHANGES = [
  'ProvisionedThroughput',
  'BillingMode',
  'StreamSpecification',
  'SSESpecification',
  'DeletionProtectionEnabled',
  'TableClass',
];

export function checkUpdateTable(body: Body): undefined {
  const indexUpdates = body.GlobalSecondaryIndexUpdates as Body[] | undefined;
  if (!CHANGES.some((member) => body[member] !== undefined) && !indexUpdates?.length) {
    fail(
      'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required',
    );
  }
  if (body.BillingMode === 'PROVISIONED' && !body.ProvisionedThroughput) {
    fail(`${INVALID} ProvisionedThroughput must be specified when BillingMode is PROVISIONED`);
  }
  checkThroughputBounds(body.ProvisionedThroughput);
  const seen = new Set<string>();
  for (const update of indexUpdates ?? []) {
    if (!update.Update && !update.Create && !update.Delete) {
      fail(
        `${INVALID} One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null`,
      );
    }
    const name = update.Update?.IndexName ?? update.Create?.IndexName ?? update.Delete?.IndexName;
    if (seen.has(name))
      fail(
        `${INVALID} Only one global secondary index update per index is allowed simultaneously. Index: ${name}`,
      );
    seen.add(name);
  }
  checkStreamViewType(body.StreamSpecification);
  return undefined;
}
