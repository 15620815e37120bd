// Periods and the alignment of datapoints to them, as GetMetricStatistics and GetMetricData document:
// the start time is rounded down (to the minute when under 15 days old, to 5 minutes under 63 days,
// to the hour beyond; to the period itself for high-resolution periods) and every datapoint stands
// for [start + k × Period, start + (k + 1) × Period). EndTime is exclusive.
import { DAY_MS, HIGH_RESOLUTION_PERIODS_S, HOUR_MS, MINUTE_MS } from './constants.js';
import { invalidParameterValue } from './errors.js';

export function checkPeriod(period: number | undefined): number {
  const p = Number(period);
  const valid = Number.isInteger(p) && (HIGH_RESOLUTION_PERIODS_S.includes(p) || (p >= 60 && p % 60 === 0));
  if (!valid) throw invalidParameterValue('The parameter Period must be a multiple of 60.');
  return p;
}

export function checkRange(start: number, end: number): void {
  if (Number.isNaN(start) || Number.isNaN(end) || start >= end)
    throw invalidParameterValue('The parameter StartTime must be less than the parameter EndTime.');
}

export function alignStart(start: number, periodS: number, now: number): number {
  const age = now - start;
  let step: number;
  if (periodS < 60) step = periodS * 1000;
  else if (age < 15 * DAY_MS) step = MINUTE_MS;
  else if (age < 63 * DAY_MS) step = 5 * MINUTE_MS;
  else step = HOUR_MS;
  return Math.floor(start / step) * step;
}

/** How many datapoints [alignedStart, end) holds at this period. */
export function bucketCount(alignedStart: number, end: number, periodS: number): number {
  return Math.ceil((end - alignedStart) / (periodS * 1000));
}

/** The start of the bucket a timestamp falls in. */
export function bucketOf(ts: number, alignedStart: number, periodS: number): number {
  const ms = periodS * 1000;
  return alignedStart + Math.floor((ts - alignedStart) / ms) * ms;
}
