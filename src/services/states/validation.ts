// ValidateStateMachineDefinition: the checks CreateStateMachine makes, answered as diagnostics
// instead of InvalidDefinition. `result` is FAIL when any ERROR is found; `severity` WARNING also
// lists warnings; at most `maxResults` (0 or absent: 100) are listed, `truncated` telling whether
// more were found.
import type { OperationHandler } from '../../core/service.js';
import { diagnose, type Diagnostic } from './definition.js';
import { rejectViolations, type Violation } from './errors.js';

interface ValidateInput {
  definition: string;
  type?: string;
  severity?: string;
  maxResults?: number;
}

const TYPES = ['STANDARD', 'EXPRESS'];
const SEVERITIES = ['ERROR', 'WARNING'];
const MAX_RESULTS = 100;

export const ValidateStateMachineDefinition: OperationHandler<ValidateInput> = async (_ctx, input) => {
  rejectViolations(violations(input));
  const found = diagnose(input.definition, input.type ?? 'STANDARD');
  const shown = found.filter((diagnostic) => diagnostic.severity === 'ERROR' || input.severity === 'WARNING');
  const limit = input.maxResults || MAX_RESULTS;
  return {
    result: found.some((diagnostic) => diagnostic.severity === 'ERROR') ? 'FAIL' : 'OK',
    diagnostics: shown.slice(0, limit).map(wireDiagnostic),
    truncated: shown.length > limit,
  };
};

/** The enum and range constraints of the model, checked as coral checks them. */
function violations(input: ValidateInput): Violation[] {
  const enumViolation = (value: string | undefined, path: string, allowed: string[]): Violation[] =>
    value === undefined || allowed.includes(value)
      ? []
      : [{ value, path, constraint: `Member must satisfy enum value set: [${allowed.join(', ')}]` }];
  const { maxResults } = input;
  return [
    ...enumViolation(input.type, 'type', TYPES),
    ...enumViolation(input.severity, 'severity', SEVERITIES),
    ...(maxResults !== undefined && maxResults > MAX_RESULTS
      ? [
          {
            value: maxResults,
            path: 'maxResults',
            constraint: `Member must have value less than or equal to ${MAX_RESULTS}`,
          },
        ]
      : []),
    ...(maxResults !== undefined && maxResults < 0
      ? [
          {
            value: maxResults,
            path: 'maxResults',
            constraint: 'Member must have value greater than or equal to 0',
          },
        ]
      : []),
  ];
}

const wireDiagnostic = ({ severity, code, message, location }: Diagnostic) => ({
  severity,
  code,
  message,
  ...(location !== undefined && { location }),
});
