// Capacity units as DynamoDB counts them (AWS docs, "Read/write capacity mode"): a read unit per
// 4 KB read (half for eventually consistent reads; a Query or Scan sums its items before rounding),
// a write unit per 1 KB written; transactions cost double.
import type { IndexShape } from './schema.js';

const READ_UNIT_BYTES = 4096;
const WRITE_UNIT_BYTES = 1024;

export function readUnits(bytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
  return consistent ? units : units / 2;
}

export function writeUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES));
}

export type CapacityMode = 'NONE' | 'TOTAL' | 'INDEXES';

/** What one request consumed, on the table and on each index. */
export class CapacityMeter {
  table = 0;
  private readonly indexes = new Map<string, { global: boolean; units: number }>();

  constructor(
    private readonly tableName: string,
    private readonly indexShapes: IndexShape[] = [],
  ) {}

  addIndex(name: string, units: number): void {
    const global = this.indexShapes.find((index) => index.name === name)?.global ?? false;
    const entry = this.indexes.get(name) ?? { global, units: 0 };
    entry.units += units;
    this.indexes.set(name, entry);
  }

  addIndexes(units: Map<string, number>): void {
    for (const [name, used] of units) this.addIndex(name, used);
  }

  scale(factor: number): void {
    this.table *= factor;
    for (const entry of this.indexes.values()) entry.units *= factor;
  }

  total(): number {
    let sum = this.table;
    for (const entry of this.indexes.values()) sum += entry.units;
    return sum;
  }

  /**
   * The ConsumedCapacity member, or undefined when it was not asked for. Transactions also name
   * the kind of unit they consumed (ReadCapacityUnits or WriteCapacityUnits) beside each total.
   */
  report(mode: string | undefined, kind?: 'Read' | 'Write'): Record<string, unknown> | undefined {
    if (mode !== 'TOTAL' && mode !== 'INDEXES') return undefined;
    const units = (n: number) =>
      kind ? { CapacityUnits: n, [`${kind}CapacityUnits`]: n } : { CapacityUnits: n };
    const out: Record<string, unknown> = { ...units(this.total()), TableName: this.tableName };
    if (mode === 'TOTAL') return out;
    out.Table = units(this.table);
    for (const [name, entry] of this.indexes) {
      const member = entry.global ? 'GlobalSecondaryIndexes' : 'LocalSecondaryIndexes';
      const map = (out[member] ??= {}) as Record<string, unknown>;
      map[name] = units(entry.units);
    }
    return out;
  }
}

/** A Query or Scan sums the sizes it read before rounding; reading nothing costs nothing. */
export function pageUnits(bytes: number, consistent: boolean): number {
  const units = Math.ceil(bytes / READ_UNIT_BYTES);
  return consistent ? units : units / 2;
}

/** One ConsumedCapacity entry per table, for the operations that touch several. */
export function capacityList(
  meters: CapacityMeter[],
  mode: string | undefined,
  kind?: 'Read' | 'Write',
): unknown[] | undefined {
  const reports = meters.map((meter) => meter.report(mode, kind)).filter((report) => report !== undefined);
  return reports.length > 0 ? reports : undefined;
}
