// Intrinsic functions as AWS evaluates them. The recorded executions of one Pass state whose
// Parameters call intrinsics are replayed through evaluateIntrinsic; the direct tests below pin the
// escapes, nesting, ranges, hashes, seeded randoms and error causes, with AWS's answers where AWS
// was observed giving them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { evaluateIntrinsic, IntrinsicError, isIntrinsic } from '../../../src/asl/intrinsics.js';
import { parseIntrinsic, type IntrinsicArgument } from '../../../src/asl/intrinsics-parse.js';
import { recordedCases, type RecordedCase } from '../../support/stepfunctions-cases.js';

interface PassCase {
  recorded: RecordedCase;
  stateName: string;
  parameters: Record<string, unknown>;
}

const REQUIRED_SHARE = 0.95;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The intrinsic recordings whose machine is a single Pass state with a Parameters object. */
function recordedPassCases(): PassCase[] {
  return recordedCases()
    .filter((recorded) => recorded.id.includes('intrinsic_functions') && !recorded.input_has_placeholders)
    .flatMap((recorded) => {
      const states = Object.entries(
        (recorded.definition as { States: Record<string, { Type?: string; Parameters?: unknown }> }).States,
      );
      const [only] = states;
      if (states.length !== 1 || !only) return [];
      const [stateName, state] = only;
      if (state.Type !== 'Pass' || !isObject(state.Parameters)) return [];
      return [{ recorded, stateName, parameters: state.Parameters }];
    });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A context object like the one AWS gives the recorded executions (their ARNs were anonymised). */
function contextFor(input: unknown): unknown {
  return {
    Execution: {
      Id: 'arn:aws:states:us-east-1:111111111111:execution:statemachine_5f3a2b:run',
      Input: input,
      Name: 'run',
    },
    StateMachine: {
      Id: 'arn:aws:states:us-east-1:111111111111:stateMachine:statemachine_5f3a2b',
      Name: 'statemachine_5f3a2b',
    },
  };
}

const STEP = /\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/y;

/** `$`, `$.a.b`, `$['a']`, `$[0]` over the input and `$$…` over the context, failing as AWS words it. */
function pathResolver(input: unknown, context: unknown = contextFor(input)): (path: string) => unknown {
  return (path) => {
    const fromContext = path.startsWith('$$');
    let value = fromContext ? context : input;
    STEP.lastIndex = fromContext ? 2 : 1;
    while (STEP.lastIndex < path.length) {
      const step = STEP.exec(path);
      const key = step?.[1] ?? step?.[2] ?? (step?.[3] !== undefined ? Number(step[3]) : undefined);
      const container = value as Record<string | number, unknown> | null;
      if (key === undefined || typeof container !== 'object' || container === null || !(key in container)) {
        throw new IntrinsicError(
          'States.Runtime',
          `The JsonPath argument for the field '${path}' could not be found in the input '${JSON.stringify(input)}'`,
        );
      }
      value = container[key];
    }
    return value;
  };
}

/** The Parameters object as the Pass state builds it: `.$` values evaluated, the rest copied. */
function passOutput(parameters: Record<string, unknown>, resolvePath: (path: string) => unknown): unknown {
  const output: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parameters)) {
    if (!key.endsWith('.$') || typeof value !== 'string') output[key] = value;
    else
      output[key.slice(0, -2)] = isIntrinsic(value)
        ? evaluateIntrinsic(value, resolvePath)
        : resolvePath(value);
  }
  return output;
}

/** Equal, allowing for the recorder having parsed strings that held a JSON object (see its README). */
function sameAsRecorded(actual: unknown, expected: unknown): boolean {
  if (isDeepStrictEqual(actual, expected)) return true;
  if (typeof actual === 'string' && typeof expected === 'object' && expected !== null) {
    try {
      return sameAsRecorded(JSON.parse(actual), expected);
    } catch {
      return false;
    }
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return (
      actual.length === expected.length &&
      actual.every((item, index) => sameAsRecorded(item, expected[index]))
    );
  }
  if (isObject(actual) && isObject(expected)) {
    const keys = Object.keys(expected);
    return (
      Object.keys(actual).length === keys.length &&
      keys.every((key) => sameAsRecorded(actual[key], expected[key]))
    );
  }
  return false;
}

/**
 * A value the recorder replaced by a placeholder (a UUID, a random number, a generated name) is
 * checked by shape: a v4 UUID, an integer within MathRandom's [start, end), or a string.
 */
function fitsPlaceholder(
  expression: unknown,
  actual: unknown,
  resolvePath: (path: string) => unknown,
): boolean {
  if (typeof expression !== 'string' || !isIntrinsic(expression)) return typeof actual === 'string';
  const call = parseIntrinsic(expression);
  if (call.name === 'States.UUID') return typeof actual === 'string' && UUID_V4.test(actual);
  if (call.name !== 'States.MathRandom') return typeof actual === 'string';
  const [start, end] = call.args.map((arg) => Math.trunc(Number(argumentValue(arg, resolvePath))));
  return Number.isInteger(actual) && (actual as number) >= start! && (actual as number) < end!;
}

function argumentValue(arg: IntrinsicArgument, resolvePath: (path: string) => unknown): unknown {
  if (arg.kind === 'path') return resolvePath(arg.path);
  if (arg.kind === 'call') return evaluateIntrinsic(arg.text, resolvePath);
  return arg.kind === 'null' ? null : arg.value;
}

/** Random results can only be checked by shape, even where the recording does not flag its placeholder. */
function isRandom(expression: unknown): boolean {
  if (typeof expression !== 'string' || !isIntrinsic(expression)) return false;
  const { name } = parseIntrinsic(expression);
  return name === 'States.UUID' || name === 'States.MathRandom';
}

function matchesLoosely(
  passCase: PassCase,
  actual: unknown,
  resolvePath: (path: string) => unknown,
): boolean {
  const expected = passCase.recorded.expected.output;
  if (!isObject(actual) || !isObject(expected)) return false;
  return Object.entries(expected).every(([key, value]) => {
    const expression = passCase.parameters[`${key}.$`];
    if (sameAsRecorded(actual[key], value)) return true;
    const placeholder = passCase.recorded.has_placeholders || isRandom(expression);
    return placeholder && fitsPlaceholder(expression, actual[key], resolvePath);
  });
}

/** Why a replayed case differs from its recording, or undefined when it matches. */
function mismatchOf(passCase: PassCase): string | undefined {
  const { recorded } = passCase;
  const resolvePath = pathResolver(recorded.input);
  let output: unknown;
  try {
    output = passOutput(passCase.parameters, resolvePath);
  } catch (error) {
    if (!(error instanceof IntrinsicError)) return `threw ${String(error)}`;
    // The interpreter puts the state in front of the cause, as AWS does for the first state (event 2).
    const cause = `An error occurred while executing the state '${passCase.stateName}' (entered at the event id #2). ${error.cause}`;
    if (recorded.expected.status === 'FAILED' && error.error === recorded.expected.error) {
      return cause === recorded.expected.cause ? undefined : `cause ${cause}`;
    }
    return `failed ${error.error}: ${cause}`;
  }
  if (recorded.expected.status !== 'SUCCEEDED') return `succeeded with ${JSON.stringify(output)}`;
  if (sameAsRecorded(output, recorded.expected.output)) return undefined;
  if (matchesLoosely(passCase, output, resolvePath)) return undefined;
  return `output ${JSON.stringify(output)}`;
}

test('the recorded intrinsic executions give AWS’s outputs', (t) => {
  const cases = recordedPassCases();
  assert.ok(cases.length > 0, 'no intrinsic cases found in the recordings');
  const mismatches = cases.flatMap((passCase) => {
    const problem = mismatchOf(passCase);
    return problem === undefined ? [] : [`${passCase.recorded.id}: ${problem}`];
  });
  const matched = cases.length - mismatches.length;
  t.diagnostic(`${matched} of ${cases.length} recorded intrinsic cases match`);
  for (const mismatch of mismatches) t.diagnostic(`mismatch: ${mismatch}`);
  assert.ok(
    matched >= REQUIRED_SHARE * cases.length,
    `${matched} of ${cases.length} match; these do not:\n${mismatches.join('\n')}`,
  );
});

// ---------------------------------------------------------------------------------------------------
// Direct tests.

function evaluate(text: string, input: unknown = {}, context?: unknown): unknown {
  return evaluateIntrinsic(text, pathResolver(input, context ?? contextFor(input)));
}

function failure(text: string, input: unknown = {}): IntrinsicError {
  try {
    evaluate(text, input);
  } catch (error) {
    if (error instanceof IntrinsicError) return error;
    throw error;
  }
  assert.fail(`${text} did not fail`);
}

/** The cause AWS gives for an argument it refuses. */
function invalidArguments(call: string, name: string): string {
  return `There was an error while evaluating the intrinsic function: ${call}. Invalid arguments in ${name}`;
}

test('isIntrinsic: a `.$` value is an intrinsic when it starts with States.', () => {
  assert.equal(isIntrinsic('States.Array()'), true);
  assert.equal(isIntrinsic('$.States'), false);
  assert.equal(isIntrinsic('States'), false);
});

test('States.Format: escaped quotes, braces and backslashes in the literal stay as text', () => {
  assert.equal(
    evaluate("States.Format('\\{\\} is {} \\'quoted\\' \\\\', $.x)", { x: 'X' }),
    "{} is X 'quoted' \\",
  );
  assert.equal(
    evaluate(`States.Format('Name: \\'{}\\', Surname: "{}"', $.name, $.surname)`, {
      name: 'Gabriel',
      surname: 'Moreira',
    }),
    `Name: 'Gabriel', Surname: "Moreira"`,
  );
  assert.equal(
    evaluate("States.Format('{}', $.t)", { t: '{} stays' }),
    '{} stays',
    'a value is not a template',
  );
});

test('States.Format prints arguments as Java does: null, numbers, objects and arrays', () => {
  const input = { n: null, i: 1, d: 1.1, o: { Arg1: 1, Arg2: [] }, a: ['x', 2, true] };
  assert.equal(
    evaluate("States.Format('{} {} {} {} {}', $.n, $.i, $.d, $.o, $.a)", input),
    'null 1 1.1 {Arg1=1, Arg2=[]} [x, 2, true]',
  );
  assert.equal(
    evaluate(
      "States.Format('fst={} and snd={}.', $$.Execution.Name, $$.StateMachine)",
      {},
      {
        Execution: { Name: 'run' },
        StateMachine: { Id: 'arn:aws:states:us-east-1:111111111111:stateMachine:m', Name: 'm' },
      },
    ),
    'fst=run and snd={Id=arn:aws:states:us-east-1:111111111111:stateMachine:m, Name=m}.',
  );
});

test('States.Format: malformed templates and argument counts fail as on AWS', () => {
  assert.equal(
    failure("States.Format('Hello {', $.a)", { a: 'x' }).cause,
    "There was an error while evaluating the intrinsic function: States.Format('Hello {', $.a). Invalid template in States.Format: matching '}' not found for '{'.",
  );
  assert.equal(
    failure("States.Format('}')").cause,
    "There was an error while evaluating the intrinsic function: States.Format('}'). Invalid template in States.Format: matching '{' not found for '}'.",
  );
  assert.match(
    failure("States.Format('Hello {{}}', $.a)", { a: 'x' }).cause,
    /matching '\}' not found for '\{'/,
  );
  assert.equal(failure("States.Format('{} {}', 'a')").error, 'States.Runtime');
  assert.equal(
    failure("States.Format('{}', 'a', 'b')").cause,
    invalidArguments("States.Format('{}', 'a', 'b')", 'States.Format'),
  );
  assert.equal(failure('States.Format(1)').cause, invalidArguments('States.Format(1)', 'States.Format'));
});

test('nested calls evaluate inside out', () => {
  const context = { StateMachine: { Name: 'alpha-beta-gamma' } };
  assert.equal(
    evaluate(
      "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))",
      {},
      context,
    ),
    'gamma',
  );
  assert.deepEqual(
    evaluate(
      `States.JsonMerge(States.StringToJson('{"constant_in_literal": "false"}'), $$.Execution.Input.input_field, false)`,
      {},
      { Execution: { Input: { input_field: { constant_input_field: 'constant_value' } } } },
    ),
    { constant_in_literal: 'false', constant_input_field: 'constant_value' },
  );
  assert.deepEqual(evaluate('States.Array(1, States.Array(2, 3), States.Array())'), [1, [2, 3], []]);
});

test('States.ArrayRange: both ends included, negative steps count down, fractions are truncated', () => {
  assert.deepEqual(evaluate('States.ArrayRange(1, 9, 2)'), [1, 3, 5, 7, 9]);
  assert.deepEqual(evaluate('States.ArrayRange(0, 10, 3)'), [0, 3, 6, 9]);
  assert.deepEqual(evaluate('States.ArrayRange(5, 1, -2)'), [5, 3, 1]);
  assert.deepEqual(evaluate('States.ArrayRange(3, 3, -1)'), [3]);
  assert.deepEqual(evaluate('States.ArrayRange(1, 5, -1)'), []);
  assert.deepEqual(evaluate('States.ArrayRange(5, 1, 1)'), []);
  assert.deepEqual(evaluate('States.ArrayRange(1.6, 1.4, 1)'), [1]);
  assert.deepEqual(evaluate('States.ArrayRange(5.4, -0.6, -2.4)'), [5, 3, 1]);
  assert.equal((evaluate('States.ArrayRange(1000, 1, -1)') as number[]).length, 1000);
  assert.equal(
    failure('States.ArrayRange(1, 1001, 1)').cause,
    invalidArguments('States.ArrayRange(1, 1001, 1)', 'States.ArrayRange'),
  );
  assert.equal(
    failure('States.ArrayRange(1, 10, 0.49)').cause,
    invalidArguments('States.ArrayRange(1, 10, 0.49)', 'States.ArrayRange'),
  );
  assert.equal(
    failure("States.ArrayRange('a', 5, 1)").cause,
    invalidArguments("States.ArrayRange('a', 5, 1)", 'States.ArrayRange'),
  );
});

test('States.Hash: MD5, SHA-1, SHA-256, SHA-384 and SHA-512 in hex; other names are refused', () => {
  const digests: Record<string, string> = {
    MD5: '812f45842bc6d66ee14572ce20db8e86',
    'SHA-1': 'aaff4a450a104cd177d28d18d74485e8cae074b7',
    'SHA-256': 'b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3',
    'SHA-384':
      'd28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562',
    'SHA-512':
      '6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4',
  };
  for (const [algorithm, digest] of Object.entries(digests)) {
    assert.equal(
      evaluate('States.Hash($.data, $.algorithm)', { data: 'input data', algorithm }),
      digest,
      algorithm,
    );
  }
  assert.equal(
    evaluate("States.Hash('🚀', 'SHA-256')"),
    'ebbc0b2870eb323f2b6cffa5c493ceef81ae7eb36afc73d4e0367301631daec5',
  );
  for (const algorithm of ['sha-256', 'SHA256', 'MD-5', '', 'constructor']) {
    const call = `States.Hash('data', '${algorithm}')`;
    assert.equal(failure(call).cause, invalidArguments(call, 'States.Hash'));
  }
  assert.equal(failure("States.Hash($.s, 'MD5')", { s: 'a'.repeat(10001) }).error, 'States.Runtime');
  assert.equal((evaluate("States.Hash($.s, 'MD5')", { s: 'a'.repeat(10000) }) as string).length, 32);
});

test('States.MathRandom: [start, end), bounds truncated; a seed gives java.util.Random’s numbers', () => {
  for (let draw = 0; draw < 200; draw++) {
    const value = evaluate('States.MathRandom(12.5, 44.51)') as number;
    assert.ok(Number.isInteger(value) && value >= 12 && value < 44, `${value}`);
    const negative = evaluate('States.MathRandom(-99999, -9999)') as number;
    assert.ok(Number.isInteger(negative) && negative >= -99999 && negative < -9999, `${negative}`);
    assert.equal(evaluate('States.MathRandom(1.4, 2.6)'), 1);
  }
  // What AWS returned for these seeded calls.
  const seeded: [string, number][] = [
    ['States.MathRandom(1, 100, 42)', 63],
    ['States.MathRandom(1, 1000, 1)', 106],
    ['States.MathRandom(1, 1000, 2)', 806],
    ['States.MathRandom(1, 10, -10)', 1],
    ['States.MathRandom(1, 10, 0)', 7],
    ['States.MathRandom(1, 10, 42)', 9],
    ['States.MathRandom(2147483640, 2147483647, 1)', 2147483644],
    ['States.MathRandom(States.MathAdd(0, 1), States.MathAdd(0, 5), 42)', 3],
  ];
  for (const [call, value] of seeded) assert.equal(evaluate(call), value, call);
  assert.equal(evaluate('States.MathRandom(0, 999, 3)'), evaluate('States.MathRandom(0, 999, 3)'));
  for (const call of ['States.MathRandom(1, 1)', 'States.MathRandom(10, 5)', 'States.MathRandom(1.4, 1.6)']) {
    assert.equal(failure(call).cause, invalidArguments(call, 'States.MathRandom'));
  }
  assert.equal(failure("States.MathRandom(1, 10, 'seed')").error, 'States.Runtime');
  assert.equal(failure('States.MathRandom(1, 10, null)').error, 'States.Runtime');
});

test('argument counts are checked when the call runs, worded as AWS words them', () => {
  assert.equal(failure('States.MathAdd(1)').cause, invalidArguments('States.MathAdd(1)', 'States.MathAdd'));
  assert.equal(
    failure('States.MathAdd(1, 2, 999)').cause,
    invalidArguments('States.MathAdd(1, 2, 999)', 'States.MathAdd'),
  );
  assert.equal(
    failure('States.StringToJson()').cause,
    invalidArguments('States.StringToJson()', 'States.StringToJson'),
  );
  for (const call of [
    'States.ArrayRange(1, 5)',
    'States.ArrayPartition($.arr)',
    'States.ArrayGetItem($.arr, 1, 999)',
    'States.JsonMerge($.a, $.a)',
    'States.Hash()',
    'States.Base64Encode()',
    'States.MathRandom(1, 10, 5, 99)',
    'States.StringSplit($.s)',
    'States.JsonToString($.a, $.a)',
  ]) {
    const error = failure(call, { arr: [1], a: {}, s: 'x' });
    assert.equal(error.error, 'States.Runtime', call);
    assert.match(
      error.cause,
      /^There was an error while evaluating the intrinsic function: .*\. Invalid arguments in States\./,
    );
  }
  assert.match(
    evaluate("States.UUID('ignored', $.x)", { x: 1 }) as string,
    UUID_V4,
    'AWS ignores arguments to States.UUID',
  );
});

test('States.MathAdd rounds half up and stays within int range', () => {
  assert.equal(evaluate('States.MathAdd(1.49, 1.5)'), 3);
  assert.equal(evaluate('States.MathAdd(-1.5, 0)'), -1);
  assert.equal(evaluate('States.MathAdd(-2.5, 0)'), -2);
  assert.equal(evaluate('States.MathAdd(2.5, 0)'), 3);
  assert.equal(evaluate('States.MathAdd(-2147483647, -1)'), -2147483648);
  for (const call of [
    'States.MathAdd(2147483647, 1)',
    'States.MathAdd(3000000000, 1)',
    "States.MathAdd('1', 2)",
    'States.MathAdd(true, 1)',
  ]) {
    assert.equal(failure(call).cause, invalidArguments(call, 'States.MathAdd'));
  }
});

test('arrays: partitions, items, lengths and membership', () => {
  assert.deepEqual(evaluate('States.ArrayPartition($.a, 4)', { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] }), [
    [1, 2, 3, 4],
    [5, 6, 7, 8],
    [9],
  ]);
  assert.deepEqual(evaluate('States.ArrayPartition($.a, 2.6)', { a: [1, 2, 3, 4, 5] }), [
    [1, 2],
    [3, 4],
    [5],
  ]);
  for (const size of ['0', '0.6', '-1', "'2'", 'null']) {
    assert.equal(failure(`States.ArrayPartition($.a, ${size})`, { a: [1] }).error, 'States.Runtime', size);
  }
  assert.equal(evaluate('States.ArrayGetItem($.a, 1.2)', { a: [10, 20, 30] }), 20);
  assert.equal(evaluate('States.ArrayGetItem($.a, 999)', { a: [] }), null);
  assert.equal(
    failure('States.ArrayGetItem($.a, 3)', { a: [10, 20, 30] }).cause,
    invalidArguments('States.ArrayGetItem($.a, 3)', 'States.ArrayGetItem'),
  );
  assert.equal(failure('States.ArrayGetItem($.a, -1)', { a: [10] }).error, 'States.Runtime');
  assert.equal(evaluate('States.ArrayLength(States.Array())'), 0);
  assert.equal(
    failure("States.ArrayLength('no')").cause,
    invalidArguments("States.ArrayLength('no')", 'States.ArrayLength'),
  );
  assert.equal(evaluate('States.ArrayContains($.a, true)', { a: ['true'] }), true);
  assert.equal(evaluate('States.ArrayContains($.a, $.t)', { a: [{ a: 1, b: 2 }], t: { b: 2, a: 1 } }), false);
  assert.equal(evaluate('States.ArrayContains($.a, $.t)', { a: [[1, 2, 3], 2], t: [1, 2, 3] }), true);
  assert.equal(evaluate('States.ArrayContains($.a, false)', { a: [0, 1] }), false);
});

test('States.ArrayUnique answers in java.util.HashSet order, as AWS does', () => {
  assert.deepEqual(evaluate('States.ArrayUnique($.a)', { a: [true, false, true, false] }), [false, true]);
  assert.deepEqual(
    evaluate('States.ArrayUnique($.a)', {
      a: [
        [1, 2],
        [1, 2],
        [2, 1],
      ],
    }),
    [
      [2, 1],
      [1, 2],
    ],
  );
  assert.deepEqual(evaluate('States.ArrayUnique($.a)', { a: [null, null, 1, null] }), [null, 1]);
  assert.deepEqual(evaluate('States.ArrayUnique($.a)', { a: [1, '1', 1.0, '01'] }), [1, '1', '01']);
  assert.deepEqual(evaluate('States.ArrayUnique($.a)', { a: ['a', 'b', 'a', 'c', 'b'] }), ['a', 'b', 'c']);
  assert.deepEqual(
    evaluate('States.ArrayUnique($.a)', {
      a: [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
    }),
    [{ a: 1, b: 2 }],
  );
  // Nine items in one bin of a 16-slot table make HashMap double it, which splits the bin.
  const crowded = [0, 16, 32, 48, 64, 80, 96, 112, 128];
  assert.deepEqual(
    evaluate('States.ArrayUnique($.a)', { a: crowded }),
    [0, 32, 64, 96, 128, 16, 48, 80, 112],
  );
});

test('strings: split, JSON both ways, Base64', () => {
  assert.deepEqual(evaluate('States.StringSplit($.s, $.d)', { s: 'This.is+a,test=string', d: '.+,=' }), [
    'This',
    'is',
    'a',
    'test',
    'string',
  ]);
  assert.deepEqual(evaluate("States.StringSplit(', , ,', ',')"), [' ', ' ']);
  assert.deepEqual(evaluate("States.StringSplit('', ',')"), []);
  assert.equal(
    failure("States.StringSplit($.s, ',')", { s: 123 }).cause,
    invalidArguments("States.StringSplit($.s, ',')", 'States.StringSplit'),
  );
  assert.equal(evaluate("States.StringToJson(' ')"), null);
  assert.equal(Object.is(evaluate("States.StringToJson('-0')"), 0), true);
  assert.match(
    failure('States.StringToJson($.json)', { json: '{bad json}' }).cause,
    /^There was an error while evaluating the intrinsic function: States\.StringToJson\(\$\.json\)\. Cannot convert String to Json in States\.StringToJson, caused by: /,
  );
  assert.equal(
    evaluate('States.JsonToString($.o)', { o: { a: [1, 'x', null, true], b: 1.5 } }),
    '{"a":[1,"x",null,true],"b":1.5}',
  );
  assert.equal(evaluate("States.JsonToString('x')"), '"x"');
  assert.equal(evaluate("States.Base64Encode('🚀')"), '8J+agA==');
  assert.equal(evaluate("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')"), 'Data to encode');
  assert.equal(evaluate("States.Base64Decode('abc')"), Buffer.from('abc', 'base64').toString('utf8'));
  assert.equal(failure('States.Base64Encode(123)').error, 'States.Runtime');
});

test('States.JsonMerge: shallow only; the deep flag is read leniently', () => {
  const input = { a: { x: { a1: 1 }, keep: 1 }, b: { x: { a3: 3 } } };
  assert.deepEqual(evaluate('States.JsonMerge($.a, $.b, false)', input), { x: { a3: 3 }, keep: 1 });
  assert.deepEqual(evaluate("States.JsonMerge($.a, $.b, 'false')", input), { x: { a3: 3 }, keep: 1 });
  assert.equal(
    failure('States.JsonMerge($.a, $.b, true)', input).cause,
    invalidArguments('States.JsonMerge($.a, $.b, true)', 'States.JsonMerge'),
  );
  assert.equal(failure('States.JsonMerge($.a, $.n, false)', { a: {}, n: null }).error, 'States.Runtime');
});

test('a path that resolves to nothing is reported through the function, as AWS words it', () => {
  assert.equal(
    failure('States.StringToJson($.missing)').cause,
    "The function 'States.StringToJson($.missing)' had the following error: The JsonPath argument for the field '$.missing' could not be found in the input '{}'",
  );
  assert.throws(
    () =>
      evaluateIntrinsic('States.Array($.a)', () => {
        throw new RangeError('interpreter');
      }),
    RangeError,
  );
});

test('calls that are not valid intrinsics fail with States.Runtime', () => {
  for (const text of [
    'States.Nope(1)',
    'States.Array(1.)',
    'States.Array(.5)',
    'States.Array(1,)',
    'States.UUID() trailing',
    'States.Array(',
    "States.Format('a\\nb')",
    "States.Format('unterminated)",
    'States.Array([1,2])',
  ]) {
    const error = failure(text);
    assert.equal(error.error, 'States.Runtime', text);
    assert.match(error.cause, /is not a valid intrinsic function call/, text);
  }
  assert.deepEqual(
    evaluate("States.Array( $['a b'] , $.c[0], 'x,)' , -1.5e2, null, true )", { 'a b': 1, c: [2] }),
    [1, 2, 'x,)', -150, null, true],
  );
});
