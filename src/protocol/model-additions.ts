/**
 * Members AWS added to an API after the last release of the models Nubis vendors (aws-sdk v2
 * stopped at 2.1693.0, before Step Functions' variables and JSONata, November 2024). Current
 * clients read them, and a codec writes only the members its model names, so they are laid over
 * the vendored model as it is loaded; the vendored files stay copies of the package's.
 */
import type { RawShape } from './shape.js';

interface ModelAddition {
  /** The operation whose input or output holds the structure. */
  operation: string;
  side: 'input' | 'output';
  /** Member names from the input or output down to the structure; a list is passed through to its items. */
  path: string[];
  members: Record<string, RawShape>;
  /** Members AWS has since made optional, dropped from the structure's `required`. */
  optional?: string[];
}

const TRUNCATED_DETAILS: RawShape = { type: 'structure', members: { truncated: { type: 'boolean' } } };

const INTEGER: RawShape = { type: 'integer' };

/**
 * TestState's members of November 2024 (variables, afterArguments) and November 2025 (a whole
 * machine's stateName, mocks, the context object, retry counts, Map inspection), as the current
 * API reference and @aws-sdk/client-sfn's schema have them. With a mock roleArn is optional.
 */
const TEST_STATE_ADDITIONS: ModelAddition[] = [
  {
    operation: 'TestState',
    side: 'input',
    path: [],
    optional: ['roleArn'],
    members: {
      variables: {},
      stateName: {},
      context: {},
      mock: {
        type: 'structure',
        members: {
          result: {},
          errorOutput: { type: 'structure', members: { error: {}, cause: {} } },
          fieldValidationMode: {},
        },
      },
      stateConfiguration: {
        type: 'structure',
        members: {
          retrierRetryCount: INTEGER,
          errorCausedByState: {},
          mapIterationFailureCount: INTEGER,
          mapItemReaderData: {},
        },
      },
    },
  },
  {
    operation: 'TestState',
    side: 'output',
    path: ['inspectionData'],
    members: {
      afterArguments: {},
      variables: {},
      errorDetails: {
        type: 'structure',
        members: { catchIndex: INTEGER, retryIndex: INTEGER, retryBackoffIntervalSeconds: INTEGER },
      },
      afterItemsPath: {},
      afterItemSelector: {},
      afterItemBatcher: {},
      afterItemsPointer: {},
      toleratedFailureCount: INTEGER,
      toleratedFailurePercentage: { type: 'float' },
      maxConcurrency: INTEGER,
    },
  },
];

const MODEL_ADDITIONS: Readonly<Record<string, ModelAddition[]>> = {
  'states-2016-11-23.min.json': [
    {
      operation: 'GetExecutionHistory',
      side: 'output',
      path: ['events'],
      members: {
        // The event of a JSONata expression or an argument that failed, naming the state and field.
        evaluationFailedEventDetails: {
          type: 'structure',
          required: ['state'],
          members: { error: {}, cause: {}, location: {}, state: {} },
        },
      },
    },
    {
      operation: 'GetExecutionHistory',
      side: 'output',
      path: ['events', 'stateExitedEventDetails'],
      members: {
        // The variables a state's Assign set, each as its JSON text.
        assignedVariables: { type: 'map', key: {}, value: {} },
        assignedVariablesDetails: TRUNCATED_DETAILS,
      },
    },
    ...TEST_STATE_ADDITIONS,
  ],
};

interface RawModelParts {
  operations: Record<string, { input?: RawShape; output?: RawShape }>;
  shapes?: Record<string, RawShape>;
}

/** Lays the additions for `fileName` over its raw model, in place. */
export function addMembers(fileName: string, raw: RawModelParts): void {
  for (const addition of MODEL_ADDITIONS[fileName] ?? []) {
    const structure = structureAt(raw, addition);
    structure.members = { ...structure.members, ...addition.members };
    const optional = addition.optional ?? [];
    if (structure.required)
      structure.required = structure.required.filter((name) => !optional.includes(name));
  }
}

function structureAt(raw: RawModelParts, addition: ModelAddition): RawShape {
  const resolve = (shape: RawShape | undefined): RawShape | undefined => {
    const target = shape?.shape === undefined ? shape : raw.shapes?.[shape.shape];
    return target?.type === 'list' ? resolve(target.member) : target;
  };
  let node = resolve(raw.operations[addition.operation]?.[addition.side]);
  for (const name of addition.path) node = resolve(node?.members?.[name]);
  const where = [addition.operation, addition.side, ...addition.path].join('.');
  if (node?.type !== 'structure') throw new Error(`model addition: no structure at ${where}`);
  return node;
}
