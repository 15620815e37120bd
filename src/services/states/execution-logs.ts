// An execution's history events delivered to CloudWatch Logs per its machine's logging
// configuration (AWS docs, "Using CloudWatch Logs to log execution history in Step Functions"):
// level ALL logs every event, ERROR the failures (…Failed, …TimedOut, …Aborted, FailStateEntered),
// FATAL the execution's own end when it fails; without includeExecutionData, inputs, outputs and
// assigned variables are left out. Each event is one JSON line: id, type, details, previous event,
// timestamp (epoch ms, as text), execution ARN and redrive count. Delivery is best effort and never
// holds the execution up: a group that does not exist gets nothing. Express executions deliver at
// their end, Standard ones as each part of their history is saved.
import { createHash } from 'node:crypto';
import type { HistoryEvent } from '../../asl/history.js';
import type { ServiceEnvironment } from '../../core/service.js';
import { writeLogEvents, type LogEvent } from '../logs/writer.js';
import type { LoggingConfiguration } from './configuration.js';

export interface LogDestination {
  scope: { accountId: string; region: string };
  group: string;
  level: string;
  includeExecutionData: boolean;
}

interface Destination {
  cloudWatchLogsLogGroup?: { logGroupArn?: string };
}

const LOG_GROUP_ARN = /^arn:aws:logs:([a-z0-9-]+):(\d{12}):log-group:(.+?)(?::\*)?$/;

/** Where a machine's executions log, if they log at all (`logging` as the machine row keeps it). */
export function destinationOf(logging: string): LogDestination | undefined {
  const config = JSON.parse(logging) as LoggingConfiguration;
  const level = config.level ?? 'OFF';
  const arn = (config.destinations?.[0] as Destination | undefined)?.cloudWatchLogsLogGroup?.logGroupArn;
  const match = arn === undefined ? null : LOG_GROUP_ARN.exec(arn);
  if (level === 'OFF' || !match) return undefined;
  return {
    scope: { region: match[1]!, accountId: match[2]! },
    group: match[3]!,
    level,
    includeExecutionData: config.includeExecutionData === true,
  };
}

const FATAL = new Set(['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);
const ERROR_TYPE = /(Failed|TimedOut|Aborted)$/;

function logged(level: string, type: string): boolean {
  if (level === 'ALL') return true;
  if (level === 'FATAL') return FATAL.has(type);
  return ERROR_TYPE.test(type) || type === 'FailStateEntered';
}

const EXECUTION_DATA = new Set([
  'input',
  'inputDetails',
  'output',
  'outputDetails',
  'assignedVariables',
  'assignedVariablesDetails',
]);

function detailsOf(event: HistoryEvent, includeExecutionData: boolean): Record<string, unknown> {
  const key = Object.keys(event).find((name) => name.endsWith('EventDetails'));
  const details = (key === undefined ? {} : event[key]) as Record<string, unknown>;
  if (includeExecutionData) return details;
  return Object.fromEntries(Object.entries(details).filter(([name]) => !EXECUTION_DATA.has(name)));
}

/** The log events of `events`, as the destination's level and data setting have them. */
export function logEventsOf(
  destination: LogDestination,
  executionArn: string,
  events: HistoryEvent[],
): LogEvent[] {
  return events
    .filter((event) => logged(destination.level, event.type))
    .map((event) => ({
      timestamp: event.timestamp,
      message: JSON.stringify({
        id: String(event.id),
        type: event.type,
        details: detailsOf(event, destination.includeExecutionData),
        previous_event_id: String(event.previousEventId),
        event_timestamp: String(event.timestamp),
        execution_arn: executionArn,
        redrive_count: '0',
      }),
    }));
}

/**
 * `states/<machine>/<yyyy-mm-dd-hh-mm>/<8 hex>`: one stream per execution, the same on every node
 * that runs a part of it (the hex is the execution ARN's hash).
 */
export function logStreamOf(machineName: string, startedAt: number, executionArn: string): string {
  const minute = new Date(startedAt).toISOString().slice(0, 16).replace(/[T:]/g, '-');
  const id = createHash('sha256').update(executionArn).digest('hex').slice(0, 8);
  return `states/${machineName}/${minute}/${id}`;
}

/** Deliveries under way, by stream: a stream's events are written in the order they came. */
const underway = new Map<string, Promise<void>>();

/**
 * Delivers `events` of the execution behind the caller, after those handed over before; a failure
 * (a group that is not there) loses these events only.
 */
export function deliver(
  env: ServiceEnvironment,
  destination: LogDestination,
  execution: { arn: string; machineName: string; startedAt: number },
  events: HistoryEvent[],
): Promise<void> {
  const lines = logEventsOf(destination, execution.arn, events);
  if (lines.length === 0) return Promise.resolve();
  const stream = logStreamOf(execution.machineName, execution.startedAt, execution.arn);
  const where = { group: destination.group, stream, createGroup: false };
  const previous = underway.get(stream) ?? Promise.resolve();
  const delivered = previous
    .then(() => writeLogEvents(env.client, destination.scope, where, lines))
    .catch(() => undefined);
  underway.set(stream, delivered);
  void delivered.then(() => {
    if (underway.get(stream) === delivered) underway.delete(stream);
  });
  return delivered;
}
