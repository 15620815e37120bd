// The query language rules of a definition, with the diagnostics AWS answers for them (measured
// with ValidateStateMachineDefinition): a state's fields must belong to its language — JSONata's
// Arguments, Output and Items, or JSONPath's paths, Parameters and selectors — a state cannot go
// back to JSONPath under a JSONata machine, and a Map's ItemProcessor (or Iterator) takes no
// QueryLanguage. States nested in a Parallel or Map inherit the machine's own language, not their
// enclosing state's.
import type { StateDefinition } from '../../asl/definition.js';
import type { Diagnostic } from './definition.js';

const JSONATA = 'JSONata';
const JSONPATH = 'JSONPath';

const ONLY_JSONATA = ['Arguments', 'Output', 'Items'];
const ONLY_JSONPATH = [
  'InputPath',
  'Parameters',
  'ResultSelector',
  'ResultPath',
  'OutputPath',
  'ItemsPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'MaxConcurrencyPath',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath',
  'SecondsPath',
  'TimestampPath',
  'ErrorPath',
  'CausePath',
];

const schemaError = (message: string, location: string): Diagnostic => ({
  severity: 'ERROR',
  code: 'SCHEMA_VALIDATION_FAILED',
  message,
  location,
});

/** A QueryLanguage other than exactly "JSONPath" is JSONata (measured). */
const languageOf = (value: unknown, inherited: string) =>
  value === undefined ? inherited : value === JSONPATH ? JSONPATH : JSONATA;

/** The language diagnostics of a state at `at`, in a machine whose own language is `machineLanguage`. */
export function languageDiagnostics(
  state: StateDefinition,
  at: string,
  machineLanguage: string,
): Diagnostic[] {
  const found: Diagnostic[] = [];
  if (machineLanguage === JSONATA && state['QueryLanguage'] === JSONPATH)
    found.push(
      schemaError("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", at),
    );
  const language = languageOf(state['QueryLanguage'], machineLanguage);
  const foreign = language === JSONATA ? ONLY_JSONPATH : ONLY_JSONATA;
  for (const field of foreign)
    if (state[field] !== undefined)
      found.push(
        schemaError(
          `The QueryLanguage is set to '${language}', but field '${field}' is only supported for the '${language === JSONATA ? JSONPATH : JSONATA}' QueryLanguage`,
          at,
        ),
      );
  for (const processor of ['ItemProcessor', 'Iterator'])
    if ((state[processor] as Record<string, unknown> | undefined)?.['QueryLanguage'] !== undefined)
      found.push(schemaError("Field 'QueryLanguage' is not supported", `${at}/${processor}`));
  return found;
}

/** The language a machine's states inherit: its own QueryLanguage, JSONPath by default. */
export const machineLanguageOf = (machine: Record<string, unknown>) =>
  languageOf(machine['QueryLanguage'], JSONPATH);
