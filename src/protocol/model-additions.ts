/**
 * Members AWS added to an API after the last release of the models Nubis vendors (aws-sdk v2
 * stopped at 2.1693.0, before Step Functions' variables and JSONata, November 2024). Current
 * clients read them, and a codec writes only the members its model names, so they are laid over
 * the vendored model as it is loaded; the vendored files stay copies of the package's.
 */
import type { RawShape } from './shape.js';

interface ModelAddition {
  /** The operation whose output holds the structure. */
  operation: string;
  /** Member names from the output down to the structure; a list is passed through to its items. */
  path: string[];
  members: Record<string, RawShape>;
}

const TRUNCATED_DETAILS: RawShape = { type: 'structure', members: { truncated: { type: 'boolean' } } };

const MODEL_ADDITIONS: Readonly<Record<string, ModelAddition[]>> = {
  'states-2016-11-23.min.json': [
    {
      operation: 'GetExecutionHistory',
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
      path: ['events', 'stateExitedEventDetails'],
      members: {
        // The variables a state's Assign set, each as its JSON text.
        assignedVariables: { type: 'map', key: {}, value: {} },
        assignedVariablesDetails: TRUNCATED_DETAILS,
      },
    },
  ],
};

interface RawModelParts {
  operations: Record<string, { output?: RawShape }>;
  shapes?: Record<string, RawShape>;
}

/** Lays the additions for `fileName` over its raw model, in place. */
export function addMembers(fileName: string, raw: RawModelParts): void {
  for (const addition of MODEL_ADDITIONS[fileName] ?? []) {
    const structure = structureAt(raw, addition);
    structure.members = { ...structure.members, ...addition.members };
  }
}

function structureAt(raw: RawModelParts, addition: ModelAddition): RawShape {
  const resolve = (shape: RawShape | undefined): RawShape | undefined => {
    const target = shape?.shape === undefined ? shape : raw.shapes?.[shape.shape];
    return target?.type === 'list' ? resolve(target.member) : target;
  };
  let node = resolve(raw.operations[addition.operation]?.output);
  for (const name of addition.path) node = resolve(node?.members?.[name]);
  if (node?.type !== 'structure')
    throw new Error(`model addition: no structure at ${addition.operation} ${addition.path.join('.')}`);
  return node;
}
