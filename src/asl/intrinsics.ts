// The intrinsic functions of the JSONPath query language (AWS docs, "Intrinsic functions for JSONPath
// states in Step Functions"), with AWS's own results where they differ from the docs' wording.
//
// Step Functions evaluates intrinsics in Java: arguments become Java values (LinkedHashMap, ArrayList,
// Integer, Long, Double, String, Boolean, null), which shows through in several results — States.Format
// prints objects as `{a=1, b=[]}`, States.ArrayContains compares those printed forms, States.ArrayUnique
// answers in HashSet order, and a seeded States.MathRandom is java.util.Random. Those behaviours were
// observed on AWS (the recordings in ../shared/conformance/stepfunctions and other executions recorded
// against AWS) and are reproduced below.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import {
  IntrinsicSyntaxError,
  parseIntrinsic,
  type IntrinsicArgument,
  type IntrinsicCall,
  type IntrinsicName,
  type StringLiteral,
} from './intrinsics-parse.js';
import {
  INT_MAX,
  INT_MIN,
  isObject,
  javaHashSetOrder,
  javaJson,
  JavaRandom,
  javaString,
  type JsonObject,
} from './java-values.js';

const RUNTIME = 'States.Runtime';

/** True when a `.$` value is an intrinsic function call (it starts with `States.`). */
export function isIntrinsic(text: string): boolean {
  return text.startsWith('States.');
}

export class IntrinsicError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(cause);
  }
}

/**
 * Evaluates one intrinsic call such as `States.Format('Hello {}', $.name)`. `resolvePath(path)` gives
 * the value of a JSONPath argument (`$.a.b`, `$$.Execution.Id`, `$var.x`): the interpreter supplies it,
 * and it throws itself when the path does not resolve. Throws IntrinsicError on bad calls.
 *
 * When `resolvePath` throws an IntrinsicError, its cause is prefixed the way AWS reports a path
 * argument that failed: "The function 'States.X(…)' had the following error: <cause>". AWS's own
 * cause for a missing path is "The JsonPath argument for the field '$.a' could not be found in the
 * input '{}'". Other errors from `resolvePath` pass through unchanged.
 */
export function evaluateIntrinsic(text: string, resolvePath: (path: string) => unknown): unknown {
  return evaluateCall(parse(text), resolvePath);
}

function parse(text: string): IntrinsicCall {
  try {
    return parseIntrinsic(text);
  } catch (error) {
    if (!(error instanceof IntrinsicSyntaxError)) throw error;
    // AWS refuses such a definition when it is created; a runtime call only meets one that slipped past.
    throw new IntrinsicError(
      RUNTIME,
      `The value '${text}' is not a valid intrinsic function call: ${error.message}`,
    );
  }
}

/** A call that cannot be evaluated; `detail` follows AWS's "There was an error while evaluating …". */
class CallFailure extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

interface IntrinsicFunction {
  minArgs: number;
  maxArgs: number;
  apply(values: unknown[], call: IntrinsicCall): unknown;
}

/** States.UUID takes no arguments, yet AWS accepts any and ignores them (States.UUID('x') is a UUID). */
const UUID_FUNCTION: IntrinsicFunction = { minArgs: 0, maxArgs: Infinity, apply: () => randomUUID() };

function evaluateCall(call: IntrinsicCall, resolvePath: (path: string) => unknown): unknown {
  const fn = FUNCTIONS[call.name];
  try {
    // AWS checks the count of arguments when the call runs: States.MathAdd(1) fails as
    // "Invalid arguments in States.MathAdd" at run time, not when the machine is created.
    if (call.args.length < fn.minArgs || call.args.length > fn.maxArgs) throw invalidArguments(call);
    if (fn === UUID_FUNCTION) return fn.apply([], call);
    const values = call.args.map((arg) => evaluateArgument(arg, call, resolvePath));
    return fn.apply(values, call);
  } catch (error) {
    if (!(error instanceof CallFailure)) throw error;
    throw new IntrinsicError(
      RUNTIME,
      `There was an error while evaluating the intrinsic function: ${call.text}. ${error.detail}`,
    );
  }
}

function evaluateArgument(
  arg: IntrinsicArgument,
  call: IntrinsicCall,
  resolvePath: (path: string) => unknown,
): unknown {
  switch (arg.kind) {
    case 'call':
      return evaluateCall(arg, resolvePath);
    case 'path':
      return resolveArgumentPath(arg.path, call, resolvePath);
    case 'null':
      return null;
    default:
      return arg.value;
  }
}

function resolveArgumentPath(
  path: string,
  call: IntrinsicCall,
  resolvePath: (path: string) => unknown,
): unknown {
  try {
    return resolvePath(path);
  } catch (error) {
    if (!(error instanceof IntrinsicError)) throw error;
    throw new IntrinsicError(
      error.error,
      `The function '${call.text}' had the following error: ${error.cause}`,
    );
  }
}

function invalidArguments(call: IntrinsicCall): CallFailure {
  return new CallFailure(`Invalid arguments in ${call.name}`);
}

// ---------------------------------------------------------------------------------------------------
// Argument checks. AWS answers every wrong type or out-of-range value with "Invalid arguments in …".

/** AWS's limit on the input of States.Base64Encode, States.Base64Decode and States.Hash. */
const MAX_INPUT_CHARACTERS = 10000;

function arrayArgument(value: unknown, call: IntrinsicCall): unknown[] {
  if (!Array.isArray(value)) throw invalidArguments(call);
  return value;
}

function stringArgument(value: unknown, call: IntrinsicCall): string {
  if (typeof value !== 'string') throw invalidArguments(call);
  return value;
}

function objectArgument(value: unknown, call: IntrinsicCall): JsonObject {
  if (!isObject(value)) throw invalidArguments(call);
  return value;
}

function boundedStringArgument(value: unknown, call: IntrinsicCall): string {
  const text = stringArgument(value, call);
  if (text.length > MAX_INPUT_CHARACTERS) throw invalidArguments(call);
  return text;
}

/**
 * A number as a Java int, the fraction cut off: AWS truncates fractional arguments of ArrayRange,
 * ArrayPartition, ArrayGetItem and MathRandom (ArrayRange(1.6, 1.4, 1) is [1], ArrayPartition with
 * 2.6 makes chunks of 2, MathRandom(1.4, 1.6) has no integer to give and fails).
 */
function truncatedIntArgument(value: unknown, call: IntrinsicCall): number {
  if (typeof value !== 'number') throw invalidArguments(call);
  return intInRange(Math.trunc(value), call);
}

/** States.MathAdd rounds instead, half up as Java's Math.round: 1.5 → 2, -1.5 → -1, 2.5 → 3. */
function roundedIntArgument(value: unknown, call: IntrinsicCall): number {
  if (typeof value !== 'number') throw invalidArguments(call);
  return intInRange(Math.round(value), call);
}

/** AWS documents integer arguments in the range -2147483648 to 2147483647 (and rejects 3000000000). */
function intInRange(value: number, call: IntrinsicCall): number {
  if (!(value >= INT_MIN && value <= INT_MAX)) throw invalidArguments(call);
  return value === 0 ? 0 : value;
}

// ---------------------------------------------------------------------------------------------------
// The functions.

const FUNCTIONS: Record<IntrinsicName, IntrinsicFunction> = {
  'States.Format': { minArgs: 1, maxArgs: Infinity, apply: format },
  'States.StringToJson': { minArgs: 1, maxArgs: 1, apply: ([text], call) => stringToJson(text, call) },
  'States.JsonToString': { minArgs: 1, maxArgs: 1, apply: ([value]) => javaJson(value) },
  'States.Array': { minArgs: 0, maxArgs: Infinity, apply: (values) => values },
  'States.ArrayPartition': { minArgs: 2, maxArgs: 2, apply: arrayPartition },
  'States.ArrayContains': { minArgs: 2, maxArgs: 2, apply: arrayContains },
  'States.ArrayRange': { minArgs: 3, maxArgs: 3, apply: arrayRange },
  'States.ArrayGetItem': { minArgs: 2, maxArgs: 2, apply: arrayGetItem },
  'States.ArrayLength': {
    minArgs: 1,
    maxArgs: 1,
    apply: ([array], call) => arrayArgument(array, call).length,
  },
  'States.ArrayUnique': {
    minArgs: 1,
    maxArgs: 1,
    apply: ([array], call) => javaHashSetOrder(arrayArgument(array, call)),
  },
  'States.Base64Encode': { minArgs: 1, maxArgs: 1, apply: base64Encode },
  'States.Base64Decode': { minArgs: 1, maxArgs: 1, apply: base64Decode },
  'States.Hash': { minArgs: 2, maxArgs: 2, apply: hash },
  'States.JsonMerge': { minArgs: 3, maxArgs: 3, apply: jsonMerge },
  'States.MathRandom': { minArgs: 2, maxArgs: 3, apply: mathRandom },
  'States.MathAdd': { minArgs: 2, maxArgs: 2, apply: mathAdd },
  'States.StringSplit': { minArgs: 2, maxArgs: 2, apply: stringSplit },
  'States.UUID': UUID_FUNCTION,
};

/**
 * `{}` in the template is replaced by the next argument, printed as Java prints it (null as "null",
 * an object as `{a=1, b=[x]}`). A brace written `\{` or `\}` in a literal template is plain text; any
 * other lone brace is an invalid template, worded as AWS words it.
 */
function format(values: unknown[], call: IntrinsicCall): string {
  const [template, ...replacements] = values;
  if (typeof template !== 'string') throw invalidArguments(call);
  const first = call.args[0];
  const escapedBraces = first?.kind === 'string' ? first.escapedBraces : new Set<number>();
  const pieces = templatePieces(template, escapedBraces, call);
  if (pieces.length - 1 !== replacements.length) throw invalidArguments(call);
  return pieces.reduce((text, piece, index) => text + javaString(replacements[index - 1]) + piece);
}

/** The text around each `{}` of a template: one more piece than there are placeholders. */
function templatePieces(
  template: string,
  escapedBraces: StringLiteral['escapedBraces'],
  call: IntrinsicCall,
) {
  const pieces = [''];
  for (let at = 0; at < template.length; at++) {
    const char = template[at]!;
    if ((char !== '{' && char !== '}') || escapedBraces.has(at)) {
      pieces[pieces.length - 1] += char;
      continue;
    }
    const opensPlaceholder = char === '{' && template[at + 1] === '}' && !escapedBraces.has(at + 1);
    if (!opensPlaceholder) throw unmatchedBrace(char, call);
    pieces.push('');
    at++;
  }
  return pieces;
}

/** AWS's words for a brace that is not half of a `{}`. */
function unmatchedBrace(brace: string, call: IntrinsicCall): CallFailure {
  const [missing, found] = brace === '{' ? ['}', '{'] : ['{', '}'];
  return new CallFailure(`Invalid template in ${call.name}: matching '${missing}' not found for '${found}'.`);
}

/** An empty or blank string is null on AWS (as the recordings show), not a parse error. */
function stringToJson(value: unknown, call: IntrinsicCall): unknown {
  const text = stringArgument(value, call);
  if (text.trim() === '') return null;
  try {
    // -0 parses as the integer 0, as it does on AWS.
    return JSON.parse(text, (_key, parsed: unknown) => (parsed === 0 ? 0 : parsed));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CallFailure(`Cannot convert String to Json in ${call.name}, caused by: ${reason}`);
  }
}

function arrayPartition([array, size]: unknown[], call: IntrinsicCall): unknown[][] {
  const items = arrayArgument(array, call);
  const chunkSize = truncatedIntArgument(size, call);
  if (chunkSize < 1) throw invalidArguments(call);
  const chunks: unknown[][] = [];
  for (let start = 0; start < items.length; start += chunkSize) {
    chunks.push(items.slice(start, start + chunkSize));
  }
  return chunks;
}

/**
 * AWS compares the printed (Java) forms: `true` is found in ["true"], 5 in ["5"], but {"a":1,"b":2}
 * not in [{"b":2,"a":1}], since key order changes the print.
 */
function arrayContains([array, target]: unknown[], call: IntrinsicCall): boolean {
  const wanted = javaString(target);
  return arrayArgument(array, call).some((item) => javaString(item) === wanted);
}

/** Both ends included; a step pointing away from the end gives []; at most 1000 items (AWS docs). */
function arrayRange([first, last, increment]: unknown[], call: IntrinsicCall): number[] {
  const start = truncatedIntArgument(first, call);
  const end = truncatedIntArgument(last, call);
  const step = truncatedIntArgument(increment, call);
  if (step === 0) throw invalidArguments(call);
  const count = (step > 0 ? start > end : start < end) ? 0 : Math.floor((end - start) / step) + 1;
  if (count > 1000) throw invalidArguments(call);
  return Array.from({ length: count }, (_, index) => start + index * step);
}

/**
 * A negative index or one past the end fails, except that AWS answers null for any index into an
 * empty array (States.ArrayGetItem($.arr, 999) with arr [] is null on AWS).
 */
function arrayGetItem([array, position]: unknown[], call: IntrinsicCall): unknown {
  const items = arrayArgument(array, call);
  const index = truncatedIntArgument(position, call);
  if (index < 0) throw invalidArguments(call);
  if (items.length === 0) return null;
  if (index >= items.length) throw invalidArguments(call);
  return items[index];
}

function base64Encode([value]: unknown[], call: IntrinsicCall): string {
  return Buffer.from(boundedStringArgument(value, call), 'utf8').toString('base64');
}

/** Lenient, as AWS is: characters outside the alphabet are skipped and padding may be missing. */
function base64Decode([value]: unknown[], call: IntrinsicCall): string {
  return Buffer.from(boundedStringArgument(value, call), 'base64').toString('utf8');
}

/** AWS's algorithm names, spelled exactly (sha-256 and SHA256 are refused), and node:crypto's. */
const HASH_ALGORITHMS = new Map([
  ['MD5', 'md5'],
  ['SHA-1', 'sha1'],
  ['SHA-256', 'sha256'],
  ['SHA-384', 'sha384'],
  ['SHA-512', 'sha512'],
]);

/** Data that is not a string is hashed as Java prints it: AWS hashes 123 and {} rather than failing. */
function hash([data, algorithm]: unknown[], call: IntrinsicCall): string {
  const nodeAlgorithm = HASH_ALGORITHMS.get(stringArgument(algorithm, call));
  if (nodeAlgorithm === undefined) throw invalidArguments(call);
  const text = boundedStringArgument(typeof data === 'string' ? data : javaString(data), call);
  return createHash(nodeAlgorithm).update(text, 'utf8').digest('hex');
}

/**
 * Shallow merge, the second object's keys winning. AWS supports only `false` for the deep flag, and
 * reads the flag leniently (the string 'false' is accepted as false), as Jackson's asBoolean does.
 */
function jsonMerge([first, second, deep]: unknown[], call: IntrinsicCall): JsonObject {
  const left = objectArgument(first, call);
  const right = objectArgument(second, call);
  if (jacksonAsBoolean(deep)) throw invalidArguments(call);
  return { ...left, ...right };
}

function jacksonAsBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.trim() === 'true';
  if (typeof value === 'number') return value !== 0;
  return false;
}

/**
 * An integer in [start, end) (AWS docs), the bounds truncated. With a seed AWS answers
 * `start + new java.util.Random(seed).nextInt(end - start)`: MathRandom(1, 100, 42) is 63 on AWS.
 */
function mathRandom(values: unknown[], call: IntrinsicCall): number {
  const [first, last, seed] = values;
  const start = truncatedIntArgument(first, call);
  const end = truncatedIntArgument(last, call);
  // Java's int subtraction must not overflow, and nextInt needs a positive bound.
  if (start >= end || end - start > INT_MAX) throw invalidArguments(call);
  if (values.length < 3) return randomInt(start, end);
  if (typeof seed !== 'number') throw invalidArguments(call);
  return start + new JavaRandom(seed).nextInt(end - start);
}

function mathAdd([first, second]: unknown[], call: IntrinsicCall): number {
  const sum = roundedIntArgument(first, call) + roundedIntArgument(second, call);
  return intInRange(sum, call);
}

/**
 * Splits on every character of the delimiter string and drops empty pieces, as Java's StringTokenizer
 * does: AWS answers [" ", " "] for ", , ," split on ",", and [] for an empty string.
 */
function stringSplit([value, delimiters]: unknown[], call: IntrinsicCall): string[] {
  const text = stringArgument(value, call);
  const delimiterSet = new Set(stringArgument(delimiters, call));
  const tokens: string[] = [];
  let token = '';
  for (const char of text) {
    if (!delimiterSet.has(char)) {
      token += char;
    } else if (token !== '') {
      tokens.push(token);
      token = '';
    }
  }
  if (token !== '') tokens.push(token);
  return tokens;
}
