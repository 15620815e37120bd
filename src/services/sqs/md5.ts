// MD5 digests SQS returns so that clients can verify what it stored. The attribute digest follows
// the SQS Developer Guide, "Calculating the MD5 message digest for message attributes".
import { createHash } from 'node:crypto';

/** A message (or message system) attribute as the operations see it: binary values are bytes. */
export interface AttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

/** Transport types of the encoding: 1 for values sent as strings (String, Number), 2 for binary. */
const STRING_TRANSPORT = 1;
const BINARY_TRANSPORT = 2;

export function md5Hex(data: string | Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

/** A 4-byte big-endian length followed by the bytes. */
function lengthPrefixed(bytes: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length, 0);
  return Buffer.concat([length, bytes]);
}

/**
 * The guide's algorithm: attributes sorted by name; for each, the encoded name, the encoded data
 * type, one transport-type byte, and the encoded value (UTF-8 for strings, raw bytes for binary).
 */
export function md5OfAttributes(attributes: Record<string, AttributeValue>): string {
  const hash = createHash('md5');
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name]!;
    hash.update(lengthPrefixed(Buffer.from(name, 'utf8')));
    hash.update(lengthPrefixed(Buffer.from(value.DataType, 'utf8')));
    if (value.BinaryValue !== undefined) {
      hash.update(Buffer.from([BINARY_TRANSPORT]));
      hash.update(lengthPrefixed(Buffer.from(value.BinaryValue)));
    } else {
      hash.update(Buffer.from([STRING_TRANSPORT]));
      hash.update(lengthPrefixed(Buffer.from(value.StringValue ?? '', 'utf8')));
    }
  }
  return hash.digest('hex');
}

/** Undefined for no attributes: SQS then omits the digest. */
export function md5OfAttributesOrUndefined(
  attributes: Record<string, AttributeValue> | undefined,
): string | undefined {
  return attributes && Object.keys(attributes).length > 0 ? md5OfAttributes(attributes) : undefined;
}
