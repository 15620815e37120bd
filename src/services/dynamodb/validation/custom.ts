// The third check: each operation's own rules about values, before any table is looked up (in
// DynamoDB's order, as recorded by dynalite's suite).
import type { AttributeValue, Item } from '../attribute-value.js';
import { validation } from '../errors.js';
import {
  checkExpressionParameters,
  parseExpressions,
  type ExpressionInput,
  type ParsedExpressions,
} from '../expressions/index.js';
import { filterCondition } from '../expressions/legacy.js';
import { itemSize } from '../items/size.js';
import { attributeValueProblem, itemProblem } from './attribute-values.js';

type Body = Record<string, any>;
const INVALID = 'One or more parameter values were invalid:';
const MAX_ITEM_BYTES = 400 * 1024;

const fail = (message: string | undefined): void => {
  if (message) throw validation(message);
};

const checkValue = (value: AttributeValue) => attributeValueProblem(value);

function expressions(body: Body, operation: string): ParsedExpressions {
  return parseExpressions(body as ExpressionInput, { operation, checkValue });
}

function refuseDuplicateNames(names: string[] | undefined): void {
  if (!names) return;
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw validation(`${INVALID} Duplicate value in attribute name: ${name}`);
    seen.add(name);
  }
}

function checkConditionValues(
  conditions: Record<string, { AttributeValueList?: AttributeValue[] }> | undefined,
): void {
  for (const condition of Object.values(conditions ?? {})) {
    for (const value of condition.AttributeValueList ?? []) fail(attributeValueProblem(value));
  }
}

/** Start keys say "The provided starting key is invalid: …" except for number and set problems. */
function checkStartKey(key: Item | undefined): void {
  const problem = itemProblem(key);
  if (!problem) return;
  const bare = /contains duplicates|number set|numeric value|significant digits|number with magnitude/.test(
    problem,
  );
  throw validation(bare ? problem : `The provided starting key is invalid: ${problem}`);
}

function checkItemSize(item: Item, message = 'Item size has exceeded the maximum allowed size'): void {
  if (itemSize(item) > MAX_ITEM_BYTES) throw validation(message);
}

function checkAttributeUpdates(updates: Body | undefined): void {
  for (const update of Object.values(updates ?? {}) as Body[]) {
    if (update.Value !== undefined) fail(attributeValueProblem(update.Value));
    const type = update.Value && Object.keys(update.Value)[0];
    if (update.Value === undefined && update.Action !== 'DELETE') {
      fail(`${INVALID} Only DELETE action is allowed when no attribute value is specified`);
    }
    if (type && update.Action === 'DELETE' && !['SS', 'NS', 'BS'].includes(type)) {
      fail(`${INVALID} DELETE action with value is not supported for the type ${type}`);
    }
    if (type && update.Action === 'ADD' && !['L', 'SS', 'NS', 'BS', 'N'].includes(type)) {
      fail(`${INVALID} ADD action is not supported for the type ${type}`);
    }
  }
}

export type CustomCheck = (
  body: Body,
) => ParsedExpressions | Map<string, ParsedExpressions> | ParsedExpressions[] | undefined;

const putItem: CustomCheck = (body) => {
  checkExpressionParameters(body, 'PutItem');
  fail(itemProblem(body.Item));
  if (body.ReturnValues && body.ReturnValues !== 'ALL_OLD' && body.ReturnValues !== 'NONE') {
    fail('ReturnValues can only be ALL_OLD or NONE');
  }
  checkItemSize(body.Item);
  return expressions(body, 'PutItem');
};

const deleteItem: CustomCheck = (body) => {
  checkExpressionParameters(body, 'DeleteItem');
  fail(itemProblem(body.Key));
  if (body.ReturnValues && body.ReturnValues !== 'ALL_OLD' && body.ReturnValues !== 'NONE') {
    fail('ReturnValues can only be ALL_OLD or NONE');
  }
  return expressions(body, 'DeleteItem');
};

const updateItem: CustomCheck = (body) => {
  checkExpressionParameters(body, 'UpdateItem');
  fail(itemProblem(body.Key));
  checkAttributeUpdates(body.AttributeUpdates);
  return expressions(body, 'UpdateItem');
};

const getItem: CustomCheck = (body) => {
  checkExpressionParameters(body, 'GetItem');
  fail(itemProblem(body.Key));
  refuseDuplicateNames(body.AttributesToGet);
  return expressions(body, 'GetItem');
};

const query: CustomCheck = (body) => {
  checkExpressionParameters(body, 'Query');
  checkConditionValues(body.QueryFilter);
  if (body.QueryFilter) filterCondition(body.QueryFilter, body.ConditionalOperator);
  refuseDuplicateNames(body.AttributesToGet);
  checkStartKey(body.ExclusiveStartKey);
  if (body.KeyConditions === undefined && body.KeyConditionExpression === undefined) {
    fail('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  }
  checkConditionValues(body.KeyConditions);
  return expressions(body, 'Query');
};

const scan: CustomCheck = (body) => {
  checkExpressionParameters(body, 'Scan');
  refuseDuplicateNames(body.AttributesToGet);
  checkConditionValues(body.ScanFilter);
  if (body.ScanFilter) filterCondition(body.ScanFilter, body.ConditionalOperator);
  checkStartKey(body.ExclusiveStartKey);
  if (body.Segment !== undefined && body.TotalSegments === undefined) {
    fail(
      'The TotalSegments parameter is required but was not present in the request when Segment parameter is present',
    );
  }
  if (body.TotalSegments !== undefined) {
    if (body.Segment === undefined) {
      fail(
        'The Segment parameter is required but was not present in the request when parameter TotalSegments is present',
      );
    }
    if (body.Segment >= body.TotalSegments) {
      fail(
        `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${body.Segment} is not less than TotalSegments: ${body.TotalSegments}`,
      );
    }
  }
  return expressions(body, 'Scan');
};

/** A key's identity regardless of the table's schema: its attributes in name order. */
function keyIdentity(key: Item): string {
  return JSON.stringify(
    Object.keys(key)
      .sort()
      .map((name) => [name, key[name]]),
  );
}

const MAX_BATCH_GET_KEYS = 100;

const batchGetItem: CustomCheck = (body) => {
  const parsed = new Map<string, ParsedExpressions>();
  let count = 0;
  for (const [table, request] of Object.entries(body.RequestItems as Record<string, Body>)) {
    checkExpressionParameters(request, 'BatchGetItem');
    refuseDuplicateNames(request.AttributesToGet);
    parsed.set(table, expressions(request, 'BatchGetItem'));
    const seen = new Set<string>();
    for (const key of request.Keys as Item[]) {
      fail(itemProblem(key));
      const identity = keyIdentity(key);
      if (seen.has(identity)) fail('Provided list of item keys contains duplicates');
      seen.add(identity);
      count += 1;
      if (count > MAX_BATCH_GET_KEYS) fail('Too many items requested for the BatchGetItem call');
    }
  }
  return parsed;
};

const batchWriteItem: CustomCheck = (body) => {
  for (const requests of Object.values(body.RequestItems as Record<string, Body[]>)) {
    if (requests.some((request) => Object.keys(request).length === 0)) {
      fail(
        'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
      );
    }
    for (const request of requests) {
      if (request.PutRequest) {
        fail(itemProblem(request.PutRequest.Item));
        checkItemSize(request.PutRequest.Item);
      } else if (request.DeleteRequest) {
        fail(itemProblem(request.DeleteRequest.Key));
      }
    }
  }
  return undefined;
};

/** A transaction's write actions are checked as the single-item operation each one resembles. */
const TRANSACT_ACTIONS: Record<string, string> = {
  ConditionCheck: 'DeleteItem',
  Put: 'PutItem',
  Delete: 'DeleteItem',
  Update: 'UpdateItem',
};

const transactWriteItems: CustomCheck = (body) =>
  (body.TransactItems as Body[]).map((entry) => {
    const kinds = Object.keys(TRANSACT_ACTIONS).filter((kind) => entry[kind] !== undefined);
    if (kinds.length !== 1) fail('TransactItems can only contain one of Check, Put, Update or Delete');
    const kind = kinds[0]!;
    const action = entry[kind] as Body;
    checkExpressionParameters(action, TRANSACT_ACTIONS[kind]!);
    if (kind === 'Put') {
      fail(itemProblem(action.Item));
      checkItemSize(action.Item);
    } else {
      fail(itemProblem(action.Key));
    }
    return expressions(action, TRANSACT_ACTIONS[kind]!);
  });

const transactGetItems: CustomCheck = (body) =>
  (body.TransactItems as Body[]).map(({ Get: get }) => {
    checkExpressionParameters(get, 'GetItem');
    fail(itemProblem(get.Key));
    return expressions(get, 'GetItem');
  });

export const CUSTOM_CHECKS: Record<string, CustomCheck> = {
  PutItem: putItem,
  DeleteItem: deleteItem,
  UpdateItem: updateItem,
  GetItem: getItem,
  Query: query,
  Scan: scan,
  BatchGetItem: batchGetItem,
  BatchWriteItem: batchWriteItem,
  TransactGetItems: transactGetItems,
  TransactWriteItems: transactWriteItems,
};
