// Message attributes (user) and message system attributes: AWS's rules, their size, how they are
// stored (binary as base64) and which of them a ReceiveMessage asks for.
import { AwsError } from '../../core/aws-error.js';
import { MAX_ATTRIBUTE_NAME_LENGTH, MAX_ATTRIBUTE_TYPE_LENGTH, MAX_MESSAGE_ATTRIBUTES } from './constants.js';
import { invalidParameterValue } from './errors.js';
import type { AttributeValue } from './md5.js';
import { firstInvalidCharacter } from './validate.js';

/** As a request carries it: nothing is known to be present yet. */
export interface AttributeInput {
  DataType?: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
  StringListValues?: string[];
  BinaryListValues?: Uint8Array[];
}

interface StoredAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

const NAME_CHARACTERS = /^[A-Za-z0-9_.\-\u00C0-\u017F]+$/;
const TYPE_PREFIX = /^(String|Number|Binary)(\..+)?$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** The only message system attribute a sender may set. */
export const SYSTEM_ATTRIBUTE_NAMES = ['AWSTraceHeader'];

function checkName(name: string, kind: string): void {
  if (name.length > MAX_ATTRIBUTE_NAME_LENGTH) {
    throw invalidParameterValue(`Message ${kind} attribute name must be shorter than 256 bytes.`);
  }
  if (name.trim() === '')
    throw invalidParameterValue(`The request must contain non-empty message ${kind} attribute names.`);
  const lower = name.toLowerCase();
  if (lower.startsWith('aws.') || lower.startsWith('amazon.')) {
    throw invalidParameterValue(
      "You can't use message attribute names beginning with 'AWS.' or 'Amazon'. These strings are reserved for internal use.",
    );
  }
  if (!NAME_CHARACTERS.test(name)) {
    throw invalidParameterValue(
      `Message ${kind} attribute name '${name}' can only contain alphanumeric characters, hyphens, underscores and periods.`,
    );
  }
  if (name.startsWith('.'))
    throw invalidParameterValue(`Message ${kind} attribute name must not begin with character '.'.`);
  if (name.endsWith('.'))
    throw invalidParameterValue(`Message ${kind} attribute name must not end with character '.'.`);
  if (name.includes('..'))
    throw invalidParameterValue(`Message ${kind} attribute name must not have successive '.' characters.`);
}

function checkType(name: string, value: AttributeInput, kind: string): void {
  if (!value.DataType) {
    throw invalidParameterValue(
      `The message ${kind} attribute '${name}' must contain a non-empty message attribute type.`,
    );
  }
  if (!TYPE_PREFIX.test(value.DataType)) {
    throw invalidParameterValue(
      `The type of message ${kind} attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  if (value.DataType.length > MAX_ATTRIBUTE_TYPE_LENGTH) {
    throw invalidParameterValue(`Message ${kind} attribute type must be shorter than 256 bytes.`);
  }
}

function checkValue(name: string, value: AttributeInput, kind: string): void {
  if (value.StringListValues?.length || value.BinaryListValues?.length) {
    throw new AwsError(
      'UnsupportedOperation',
      'Message attribute list values in SendMessage operation are not supported.',
      {
        queryCode: 'AWS.SimpleQueueService.UnsupportedOperation',
      },
    );
  }
  const hasString = value.StringValue !== undefined;
  const hasBinary = value.BinaryValue !== undefined;
  if (!hasString && !hasBinary) {
    throw invalidParameterValue(
      `The message ${kind} attribute '${name}' must contain a non-empty message attribute value.`,
    );
  }
  if (hasString && hasBinary)
    throw invalidParameterValue(`Message ${kind} attribute '${name}' must have a single value.`);
  const dataType = value.DataType ?? '';
  const binary = dataType.startsWith('Binary');
  if (binary && !hasBinary) {
    throw invalidParameterValue(
      `Message ${kind} attribute '${name}' with type 'Binary' must use field 'Binary'.`,
    );
  }
  if (!binary && !hasString) {
    const type = dataType.split('.')[0];
    throw invalidParameterValue(
      `Message ${kind} attribute '${name}' with type '${type}' must use field 'String'.`,
    );
  }
  if ((hasString && value.StringValue === '') || (hasBinary && value.BinaryValue!.length === 0)) {
    throw invalidParameterValue(
      `Message ${kind} attribute '${name}' must contain a non-empty value of type '${dataType}'.`,
    );
  }
  if (dataType.startsWith('Number') && !NUMBER.test(value.StringValue!.trim())) {
    throw invalidParameterValue(`Can't cast the value of message ${kind} attribute '${name}' to a number.`);
  }
  const invalid = hasString ? firstInvalidCharacter(value.StringValue!) : undefined;
  if (invalid !== undefined) {
    throw invalidParameterValue(
      `Message ${kind} attribute '${name}' contains the invalid character #x${invalid.toString(16).toUpperCase()}.`,
    );
  }
}

/** Throws AWS's error for the first rule an attribute breaks. */
export function checkMessageAttributes(attributes: Record<string, AttributeInput> | undefined): void {
  if (!attributes) return;
  const names = Object.keys(attributes);
  if (names.length > MAX_MESSAGE_ATTRIBUTES) {
    throw invalidParameterValue(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [10].`,
    );
  }
  for (const name of names) {
    checkName(name, '(user)');
    checkType(name, attributes[name]!, '(user)');
    checkValue(name, attributes[name]!, '(user)');
  }
}

export function checkSystemAttributes(attributes: Record<string, AttributeInput> | undefined): void {
  if (!attributes) return;
  for (const name of Object.keys(attributes)) {
    if (!SYSTEM_ATTRIBUTE_NAMES.includes(name)) {
      throw invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    }
    const value = attributes[name]!;
    checkType(name, value, 'system');
    // AWSTraceHeader is a String (an X-Ray trace header).
    if (value.DataType !== 'String') {
      throw invalidParameterValue(`Message system attribute '${name}' must be of type 'String'.`);
    }
    checkValue(name, value, 'system');
  }
}

/** Name, type and value all count toward the message size limit. */
export function attributesSize(attributes: Record<string, AttributeValue> | undefined): number {
  let size = 0;
  for (const [name, value] of Object.entries(attributes ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value.DataType);
    size +=
      value.BinaryValue !== undefined ? value.BinaryValue.length : Buffer.byteLength(value.StringValue ?? '');
  }
  return size;
}

/** Only the members AWS keeps: the type and the one value. */
export function cleanAttributes(
  attributes: Record<string, AttributeInput> | undefined,
): Record<string, AttributeValue> | undefined {
  if (!attributes || Object.keys(attributes).length === 0) return undefined;
  const clean: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    clean[name] =
      value.BinaryValue !== undefined
        ? { DataType: value.DataType ?? '', BinaryValue: Buffer.from(value.BinaryValue) }
        : { DataType: value.DataType ?? '', StringValue: value.StringValue ?? '' };
  }
  return clean;
}

export function storeAttributes(attributes: Record<string, AttributeValue> | undefined): string | null {
  if (!attributes) return null;
  const stored: Record<string, StoredAttribute> = {};
  for (const [name, value] of Object.entries(attributes)) {
    stored[name] =
      value.BinaryValue !== undefined
        ? { DataType: value.DataType, BinaryValue: Buffer.from(value.BinaryValue).toString('base64') }
        : { DataType: value.DataType, StringValue: value.StringValue ?? '' };
  }
  return JSON.stringify(stored);
}

export function loadAttributes(text: string | null): Record<string, AttributeValue> {
  if (!text) return {};
  const stored = JSON.parse(text) as Record<string, StoredAttribute>;
  const attributes: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(stored)) {
    attributes[name] =
      value.BinaryValue !== undefined
        ? { DataType: value.DataType, BinaryValue: Buffer.from(value.BinaryValue, 'base64') }
        : { DataType: value.DataType, StringValue: value.StringValue ?? '' };
  }
  return attributes;
}

/** ReceiveMessage MessageAttributeNames: `All` or `.*` for all, `prefix.*` for a prefix, or names. */
export function selectAttributes(
  attributes: Record<string, AttributeValue>,
  requested: string[] | undefined,
): Record<string, AttributeValue> | undefined {
  if (!requested || requested.length === 0) return undefined;
  const all = requested.includes('All') || requested.includes('.*');
  const prefixes = requested.filter((name) => name.endsWith('.*')).map((name) => name.slice(0, -1));
  const selected: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (all || requested.includes(name) || prefixes.some((prefix) => name.startsWith(prefix)))
      selected[name] = value;
  }
  return Object.keys(selected).length > 0 ? selected : undefined;
}
