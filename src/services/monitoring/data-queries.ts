// GetMetricData's checks on MetricDataQueries: ids, one of MetricStat or Expression, periods, stats.
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { MAX_METRIC_DATA_QUERIES, UNITS } from './constants.js';
import { invalidParameterValue, invalidValue, validationError } from './errors.js';
import { checkPeriod } from './periods.js';
import { isStatistic } from './statistics.js';

/** Ids: letters, digits and underscores, starting with a lowercase letter. */
const ID = /^[a-z][a-zA-Z0-9_]*$/;

export function checkQueries(queries: MetricDataQuery[]): void {
  if (queries.length === 0 || queries.length > MAX_METRIC_DATA_QUERIES)
    throw invalidParameterValue(
      `The collection MetricDataQueries must have between 1 and ${MAX_METRIC_DATA_QUERIES} members.`,
    );
  const seen = new Set<string>();
  queries.forEach((query, i) => {
    const name = `MetricDataQueries.member.${i + 1}`;
    const id = query.Id ?? '';
    if (!ID.test(id))
      throw validationError(
        `Invalid metric_id: The value ${id} for parameter ${name}.Id is invalid. ` +
          'It must start with a lowercase letter and contain only letters, numbers and underscores.',
      );
    if (seen.has(id))
      throw validationError('The values for parameter id in MetricDataQueries are not unique.');
    seen.add(id);
    checkQuery(query, name);
  });
  if (!queries.some((q) => q.ReturnData !== false))
    throw validationError('At least one MetricDataQuery must have ReturnData set to true.');
}

function checkQuery(query: MetricDataQuery, name: string): void {
  if (query.MetricStat && query.Expression !== undefined)
    throw validationError(
      `The parameters ${name}.MetricStat and ${name}.Expression are mutually exclusive and you have specified both.`,
    );
  if (!query.MetricStat && query.Expression === undefined)
    throw validationError(`The parameter ${name}.MetricStat or ${name}.Expression must be specified.`);
  if (query.MetricStat && query.Period !== undefined)
    throw validationError(
      `The parameters ${name}.Period and ${name}.MetricStat are mutually exclusive and you have specified both.`,
    );
  const stat = query.MetricStat;
  if (!stat) return;
  checkPeriod(stat.Period);
  if (!isStatistic(stat.Stat ?? '')) throw invalidValue(`${name}.MetricStat.Stat`, stat.Stat);
  if (stat.Unit !== undefined && !UNITS.has(stat.Unit))
    throw invalidValue(`${name}.MetricStat.Unit`, stat.Unit);
  if (!stat.Metric?.Namespace || !stat.Metric.MetricName)
    throw validationError(`The parameter ${name}.MetricStat.Metric must name a Namespace and a MetricName.`);
}
