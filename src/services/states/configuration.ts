// A state machine's logging and tracing configurations as CreateStateMachine and UpdateStateMachine
// keep them: AWS fills the defaults in (level OFF, includeExecutionData false, tracing disabled) and
// DescribeStateMachine shows them so.
import { invalidLoggingConfiguration, rejectViolations } from './errors.js';

export interface LoggingConfiguration {
  level?: string;
  includeExecutionData?: boolean;
  destinations?: unknown[];
}

export interface TracingConfiguration {
  enabled?: boolean;
}

const LEVELS = ['ALL', 'ERROR', 'FATAL', 'OFF'];

export function loggingOf(config: LoggingConfiguration | undefined): LoggingConfiguration {
  const level = config?.level ?? 'OFF';
  if (!LEVELS.includes(level))
    rejectViolations([
      {
        value: level,
        path: 'loggingConfiguration.level',
        constraint: `Member must satisfy enum value set: [${LEVELS.join(', ')}]`,
      },
    ]);
  const destinations = config?.destinations;
  // AWS: at most one destination, and one is needed unless logging is OFF (recorded answers of
  // CreateStateMachine and UpdateStateMachine share this message).
  if ((destinations?.length ?? 0) > 1 || (level !== 'OFF' && !destinations?.length))
    throw invalidLoggingConfiguration('Must specify exactly one Log Destination.');
  return {
    level,
    includeExecutionData: config?.includeExecutionData ?? false,
    ...(destinations !== undefined && { destinations }),
  };
}

export const tracingOf = (config: TracingConfiguration | undefined): TracingConfiguration => ({
  enabled: config?.enabled === true,
});
