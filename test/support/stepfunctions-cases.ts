// The executions recorded against AWS (../shared/conformance/stepfunctions/cases.jsonl), and how a
// run is compared with one: status, output or error and cause, and the history's event types. The
// recorder parsed JSON-object strings into objects and put `<…>` tokens where values vary, so both
// sides are compared the way its README says.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { conformanceFile } from './conformance.js';

export interface RecordedCase {
  id: string;
  definition: Record<string, unknown>;
  input: unknown;
  expected: { status: string; output?: unknown; error?: string; cause?: string };
  pure: boolean;
  input_has_placeholders: boolean;
  has_placeholders: boolean;
  event_types: string[];
  /** The normalised history AWS returned (see the README). */
  events: Array<Record<string, unknown>>;
}

const CASES_FILE = conformanceFile('stepfunctions/cases.jsonl');

export function recordedCases(): RecordedCase[] {
  return readFileSync(CASES_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => withInputSeen(withHandMadeInput(JSON.parse(line) as RecordedCase)));
}

/** Inputs for recordings whose input was replaced by a placeholder, made as the test ids describe them. */
const HAND_MADE_INPUTS: Record<string, unknown> = {
  'test_wait_timestamppath[Z]': { start_at: '2026-01-01T00:01:00Z' },
  'test_wait_timestamppath[.000000Z]': { start_at: '2026-01-01T00:01:00.000000Z' },
  'test_wait_timestamppath[.000000]': { start_at: '2026-01-01T00:01:00.000000' },
  'test_wait_timestamp_jsonata[NANOSECONDS]': { TimestampValue: '2016-12-05T21:29:29.123456789Z' },
};

function withHandMadeInput(recorded: RecordedCase): RecordedCase {
  const made = Object.entries(HAND_MADE_INPUTS).find(
    ([fragment]) =>
      recorded.id.includes(`::${fragment}`) ||
      recorded.id.includes(`.${fragment}`) ||
      recorded.id.includes(fragment),
  );
  return made ? { ...recorded, input: made[1], input_has_placeholders: false } : recorded;
}

/**
 * Some recordings had their input's timestamp replaced by a placeholder word, but AWS quoted the
 * value it saw in the cause (`… format string: $.TimestampValue == 2016-12-05 21:29:29Z`): that
 * value is the hand-made input the README asks for.
 */
function withInputSeen(recorded: RecordedCase): RecordedCase {
  const input = recorded.input as Record<string, unknown> | undefined;
  const quoted = /format string: (?:\$\.(\w+) == )?(.+)$/.exec(recorded.expected.cause ?? '');
  if (!quoted || typeof input !== 'object' || input === null) return recorded;
  const key = quoted[1] ?? Object.keys(input)[0];
  if (key === undefined || !PLACEHOLDER_WORDS.has(String(input[key]))) return recorded;
  return { ...recorded, input: { ...input, [key]: quoted[2] } };
}

/** Strings holding a JSON object, parsed, as the recorder did. */
export function parsedObjects(value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith('{')) {
    try {
      return parsedObjects(JSON.parse(value));
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(parsedObjects);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, parsedObjects(inner)]));
  return value;
}

/** Words the recorder put where values vary, beside its `<…>` tokens. */
const PLACEHOLDER_WORDS = new Set([
  'start-time',
  'entered-time',
  'RandomNumberGenerated',
  'generated-uuid',
  'date',
  'timestamp',
]);

/** Whether a recording holds a placeholder word although it is not flagged as having placeholders. */
function holdsPlaceholderWord(value: unknown): boolean {
  if (typeof value === 'string') return PLACEHOLDER_WORDS.has(value);
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsPlaceholderWord);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The recorder also replaced some varying values by their own key's name (`"Date": "date"`,
 * `"x-amzn-RequestId": "x-amzn-RequestId"` in an integration's HTTP metadata): any value stands there.
 */
function replacedByItsName(key: string, expected: unknown): boolean {
  return typeof expected === 'string' && expected.toLowerCase() === key.toLowerCase();
}

/** `expected` with `<…>` tokens matching anything; a placeholder word stands for any scalar. */
export function looselyEqual(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'string') {
    if (PLACEHOLDER_WORDS.has(expected)) return actual === null || typeof actual !== 'object';
    if (typeof actual !== 'string') return actual === null || typeof actual !== 'object';
    const pattern = expected
      .split(/<[^<>]*>/)
      .map(escape)
      .join('[\\s\\S]*');
    return new RegExp(`^${pattern}$`).test(actual);
  }
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      expected.length === actual.length &&
      expected.every((item, index) => looselyEqual(item, actual[index]))
    );
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every(
        (key) =>
          replacedByItsName(key, (expected as any)[key]) ||
          looselyEqual((expected as any)[key], (actual as any)[key]),
      )
    );
  }
  return isDeepStrictEqual(expected, actual);
}

export interface Observed {
  status: string;
  output?: unknown;
  error?: string;
  cause?: string;
  eventTypes: string[];
}

/** Why a run differs from its recording, or undefined when it matches. */
export function difference(recorded: RecordedCase, observed: Observed): string | undefined {
  const expected = recorded.expected;
  const loose = recorded.has_placeholders || holdsPlaceholderWord(expected.output);
  const same = (a: unknown, b: unknown) =>
    loose
      ? looselyEqual(parsedObjects(a), parsedObjects(b))
      : isDeepStrictEqual(parsedObjects(a), parsedObjects(b));
  if (observed.status !== expected.status) {
    const failure = observed.error === undefined ? '' : ` (${observed.error}: ${observed.cause})`;
    return `status ${observed.status}${failure}, not ${expected.status}`;
  }
  if (expected.status === 'SUCCEEDED' && !same(expected.output, observed.output))
    return `output ${JSON.stringify(observed.output)}, not ${JSON.stringify(expected.output)}`;
  if (expected.status === 'FAILED') {
    if (observed.error !== expected.error) return `error ${observed.error}, not ${expected.error}`;
    const cause = expected.cause ?? undefined;
    if (
      cause !== undefined &&
      !looselyEqual(cause.replace(/<json-input:\d+>/g, '<input>'), observed.cause ?? '')
    )
      return `cause ${observed.cause}, not ${cause}`;
  }
  // The recorder dropped ParallelStateSucceeded events.
  const types = observed.eventTypes.filter((type) => type !== 'ParallelStateSucceeded');
  if (!isDeepStrictEqual(types, recorded.event_types))
    return `events ${types.join(',')}, not ${recorded.event_types.join(',')}`;
  return undefined;
}
