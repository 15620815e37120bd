// The states that run machines inside themselves: Parallel (each branch with the same input, the
// result an array in branch order) and Map (the ItemProcessor once per item, at most MaxConcurrency
// at a time, within the tolerated failures). Both give their machines a copy of the variables:
// what a branch or iteration assigns stays inside it.
import { FieldError, inState, QUERY_EVALUATION, RUNTIME, StatesError } from './errors.js';
import { nextOf, type Machine, type StateDefinition } from './definition.js';
import { runMachine, type MapItem, type Run, type Step } from './interpreter.js';
import { assignments, effectiveInput, outputOf, selectPath } from './states-jsonpath.js';
import {
  endMapRun,
  isDistributed,
  runChild,
  startMapRun,
  thresholdExceeded,
  type MapRunCounts,
  type MapRunLimits,
  type MapRunProgress,
} from './distributed-map.js';
import { readField, resolveTemplate } from './template.js';
import type { Scope } from './paths.js';

/** What differs between the query languages in Parallel and Map states. */
export interface NestedLanguage {
  name: string;
  /** Parallel: what every branch gets. Map: the state's input the items come from. */
  input(state: StateDefinition, scope: Scope, type: 'Parallel' | 'Map'): Promise<unknown>;
  items(state: StateDefinition, scope: Scope): Promise<unknown>;
  itemInput(state: StateDefinition, scope: Scope, value: unknown): Promise<unknown>;
  integer(state: StateDefinition, scope: Scope, field: string): Promise<number | undefined>;
  percentage(state: StateDefinition, scope: Scope): Promise<number | undefined>;
  /** A field holding a template (JSONPath `.$` keys) or JSONata, evaluated: an ItemBatcher's BatchInput. */
  template(holder: StateDefinition, field: string, scope: Scope): Promise<unknown>;
  finish(state: StateDefinition, scope: Scope, result: unknown): Promise<Omit<Step, 'next'>>;
}

export const JSONPATH_NESTED: NestedLanguage = {
  name: 'JSONPath',
  input: async (state, scope, type) =>
    type === 'Parallel' ? effectiveInput(state, scope) : selectPath(scope.input, state['InputPath'], scope),
  items: async (state, scope) => {
    const path = state['ItemsPath'];
    return typeof path === 'string' && path !== '$' ? readField(path, scope, 'ItemsPath') : scope.input;
  },
  itemInput: async (state, scope, value) => {
    const selector = state['ItemSelector'] ?? state['Parameters'];
    return selector === undefined ? value : resolveTemplate(selector, scope);
  },
  integer: async (state, scope, field) => integerField(state, scope, field),
  percentage: async (state, scope) => toleratedPercentage(state, scope),
  template: async (holder, field, scope) => resolveTemplate(holder[field], scope),
  finish: async (state, scope, result) => ({
    output: outputOf(state, scope, result),
    assigned: assignments(state, scope, result),
  }),
};

export async function runParallel(
  run: Run,
  state: StateDefinition,
  scope: Scope,
  language: NestedLanguage,
): Promise<Step> {
  const input = await language.input(state, scope, 'Parallel');
  run.history.add('ParallelStateStarted');
  const branches = (state['Branches'] as Machine[] | undefined) ?? [];
  const results = await Promise.all(
    branches.map((branch) =>
      runMachine(run, branch, input, { ...scope.variables }, undefined, language.name),
    ),
  );
  run.history.add('ParallelStateSucceeded');
  return { ...(await language.finish(state, scope, results)), next: nextOf(state) };
}

/** An integer field given directly or by a `…Path` (MaxConcurrency, ToleratedFailureCount, …). */
function integerField(state: StateDefinition, scope: Scope, field: string): number | undefined {
  if (typeof state[field] === 'number') return state[field];
  const path = state[`${field}Path`];
  if (typeof path !== 'string') return undefined;
  const value = readField(path, scope, `${field}Path`);
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new FieldError(
      RUNTIME,
      `The ${field}Path field refers to value ${JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value))} which is not a valid integer: ${path}`,
    );
  return value;
}

function toleratedPercentage(state: StateDefinition, scope: Scope): number | undefined {
  const direct = state['ToleratedFailurePercentage'];
  const path = state['ToleratedFailurePercentagePath'];
  const value =
    typeof direct === 'number'
      ? direct
      : typeof path === 'string'
        ? readField(path, scope, 'ToleratedFailurePercentagePath')
        : undefined;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || value < 0 || value > 100)
    throw new FieldError(RUNTIME, 'ToleratedFailurePercentage must be between 0 and 100.');
  return value;
}

export async function runMap(
  run: Run,
  name: string,
  state: StateDefinition,
  scope: Scope,
  entered: number,
  language: NestedLanguage,
): Promise<Step> {
  const selected = await language.input(state, scope, 'Map');
  const mapScope = { ...scope, input: selected };
  const maxConcurrency = (await language.integer(state, mapScope, 'MaxConcurrency')) ?? 0;
  if (state['ItemReader'] !== undefined) await refuseItemReader(run, state, mapScope, language);
  const items = itemsOf(run, name, await language.items(state, mapScope), entered);
  run.history.add('MapStateStarted', { mapStateStartedEventDetails: { length: items.length } });
  const toleratedCount = await language.integer(state, mapScope, 'ToleratedFailureCount');
  const toleratedPercent = await language.percentage(state, mapScope);
  const processor = (state['ItemProcessor'] ?? state['Iterator']) as Machine;
  const limits = {
    maxConcurrency,
    ...(toleratedCount !== undefined && { toleratedFailureCount: toleratedCount }),
    ...(toleratedPercent !== undefined && { toleratedFailurePercentage: toleratedPercent }),
  };
  const distributed = isDistributed(processor);
  if (distributed && state['ResultWriter'] !== undefined) refuseResultWriter(state);
  const itemInput = (index: number) => {
    const Map = { Item: { Index: index, Value: items[index] } };
    return language.itemInput(
      state,
      { ...mapScope, context: { ...(scope.context as object), Map } },
      items[index],
    );
  };
  // Batched, each child execution takes a batch of items' inputs; else one item's, made as it starts.
  const batched = distributed && state['ItemBatcher'] !== undefined;
  const inputs = batched
    ? await batchesOf(state['ItemBatcher'] as StateDefinition, mapScope, language, items, itemInput)
    : items.map((_, index) => ({ input: () => itemInput(index), items: 1 }));
  const counts = { items: items.length, executions: inputs.length };
  const mapRun = distributed ? await startMapRun(run, state, limits, counts) : undefined;
  const tally = new Tally(items.length, () => mapRun?.handle.limits() ?? limits);
  const results: unknown[] = new Array(inputs.length);
  const iterate = async (index: number) => {
    const unit = inputs[index]!;
    tally.start(unit.items);
    const input = await unit.input();
    const iteration = mapRun ? undefined : { index, name };
    if (iteration) run.history.add('MapIterationStarted', { mapIterationStartedEventDetails: iteration });
    const item: MapItem = { index, value: items[index] };
    try {
      const variables = { ...scope.variables };
      const walk = (itemRun: Run) => runMachine(itemRun, processor, input, variables, item, language.name);
      // A Distributed Map's items are child executions: their events are theirs, not the parent's.
      results[index] = mapRun
        ? await runChild(run, mapRun, processor, { input, items: unit.items }, walk)
        : await walk(run);
      tally.succeed(unit.items);
      if (iteration)
        run.history.add('MapIterationSucceeded', { mapIterationSucceededEventDetails: iteration });
    } catch (error) {
      if (!(error instanceof StatesError)) throw error;
      if (iteration) run.history.add('MapIterationFailed', { mapIterationFailedEventDetails: iteration });
      tally.fail(error, unit.items);
      results[index] = { Error: error.error, Cause: error.cause ?? '' };
    }
    await mapRun?.handle.progress(tally.progress());
  };
  await inPool(
    inputs.length,
    () => tally.limits().maxConcurrency,
    iterate,
    () => tally.exceeded(),
  );
  const failed = tally.exceeded();
  if (mapRun) await endMapRun(run, mapRun.handle, failed, tally.progress());
  if (failed) throw !tally.tolerant() && !mapRun ? tally.firstError! : thresholdExceeded();
  run.history.add('MapStateSucceeded');
  return { ...(await language.finish(state, scope, results)), next: nextOf(state) };
}

/**
 * A Map state's items so far, and its child executions (a batch is one, of its items), against
 * its limits (a Map Run's as UpdateMapRun last set them).
 */
class Tally {
  private readonly items: MapRunCounts = { running: 0, succeeded: 0, failed: 0 };
  private readonly executions: MapRunCounts = { running: 0, succeeded: 0, failed: 0 };
  firstError: StatesError | undefined;

  constructor(
    private readonly total: number,
    readonly limits: () => MapRunLimits,
  ) {}

  start(items: number): void {
    this.items.running += items;
    this.executions.running += 1;
  }

  succeed(items: number): void {
    this.end(items, 'succeeded');
  }

  fail(error: StatesError, items: number): void {
    this.end(items, 'failed');
    this.firstError ??= error;
  }

  private end(items: number, as: 'succeeded' | 'failed'): void {
    this.items.running -= items;
    this.items[as] += items;
    this.executions.running -= 1;
    this.executions[as] += 1;
  }

  tolerant(): boolean {
    const { toleratedFailureCount, toleratedFailurePercentage } = this.limits();
    return toleratedFailureCount !== undefined || toleratedFailurePercentage !== undefined;
  }

  /** Without a tolerance, any failure: an inline Map fails with its item's error, a Map Run with the threshold's. */
  exceeded(): boolean {
    const { toleratedFailureCount: count, toleratedFailurePercentage: percentage } = this.limits();
    const failed = this.items.failed;
    if (!this.tolerant()) return failed > 0;
    return (
      (count !== undefined && failed > count) ||
      (percentage !== undefined && failed > (percentage / 100) * this.total)
    );
  }

  progress(): MapRunProgress {
    return { items: { ...this.items }, executions: { ...this.executions } };
  }
}

/**
 * An ItemReader reads its items from Amazon S3, which Nubis does not serve yet: its configuration
 * is checked as AWS checks it (after the state has started), then the state fails saying so.
 */
async function refuseItemReader(
  run: Run,
  state: StateDefinition,
  scope: Scope,
  language: NestedLanguage,
): Promise<never> {
  run.history.add('MapStateStarted', { mapStateStartedEventDetails: { length: 0 } });
  const reader = state['ItemReader'] as { ReaderConfig?: StateDefinition; Resource?: string };
  if (reader.ReaderConfig) await language.integer(reader.ReaderConfig, scope, 'MaxItems');
  throw new FieldError(
    RUNTIME,
    `The ItemReader reads from ${String(reader.Resource)}: Amazon S3 is not served by Nubis yet, so a Map state cannot read its items from it.`,
  );
}

/**
 * An ItemBatcher's batches (AWS docs, "ItemBatcher (Map)"): each child execution's input is
 * `{"Items": [...], "BatchInput": …}`, the items' inputs (after ItemSelector) in order, at most
 * MaxItemsPerBatch of them and MaxInputBytesPerBatch of JSON (256 KiB without either).
 */
async function batchesOf(
  batcher: StateDefinition,
  scope: Scope,
  language: NestedLanguage,
  items: unknown[],
  itemInput: (index: number) => Promise<unknown>,
): Promise<{ input: () => Promise<unknown>; items: number }[]> {
  const maxItems = (await language.integer(batcher, scope, 'MaxItemsPerBatch')) ?? Infinity;
  const maxBytes = (await language.integer(batcher, scope, 'MaxInputBytesPerBatch')) ?? MAX_BATCH_BYTES;
  const batchInput =
    batcher['BatchInput'] === undefined ? undefined : await language.template(batcher, 'BatchInput', scope);
  const inputOf = (batch: unknown[]) => ({
    Items: batch,
    ...(batchInput !== undefined && { BatchInput: batchInput }),
  });
  const batches: unknown[][] = [];
  let batch: unknown[] = [];
  for (let index = 0; index < items.length; index++) {
    const input = await itemInput(index);
    const fits =
      batch.length < maxItems && Buffer.byteLength(JSON.stringify(inputOf([...batch, input]))) <= maxBytes;
    if (batch.length > 0 && !fits) {
      batches.push(batch);
      batch = [];
    }
    batch.push(input);
  }
  if (batch.length > 0) batches.push(batch);
  return batches.map((batch) => ({ input: async () => inputOf(batch), items: batch.length }));
}

const MAX_BATCH_BYTES = 262_144;

/** A ResultWriter writes the results to Amazon S3, which Nubis does not serve yet. */
function refuseResultWriter(state: StateDefinition): never {
  const writer = state['ResultWriter'] as { Resource?: string };
  throw new FieldError(
    RUNTIME,
    `The ResultWriter writes to ${String(writer.Resource)}: Amazon S3 is not served by Nubis yet, so a Map state cannot write its results there.`,
  );
}

/** The items to iterate; anything but an array fails the state as AWS reports it. */
function itemsOf(run: Run, name: string, items: unknown, entered: number): unknown[] {
  if (Array.isArray(items)) return items;
  const error = inState(
    new FieldError(QUERY_EVALUATION, `Map state input must be an array but was: ${JSON.stringify(items)}`),
    name,
    entered,
  );
  run.history.add('EvaluationFailed', {
    evaluationFailedEventDetails: { error: error.error, cause: error.cause, state: name },
  });
  throw error;
}

/**
 * Runs `count` tasks in order, at most `limit()` at once (0: all; read again as each task ends, so
 * a Map Run's UpdateMapRun takes effect), starting no more once `stop()`.
 */
function inPool(
  count: number,
  limit: () => number,
  task: (index: number) => Promise<void>,
  stop: () => boolean,
): Promise<void> {
  let next = 0;
  let running = 0;
  return new Promise((resolve, reject) => {
    const launch = () => {
      while (next < count && !stop() && (limit() <= 0 || running < limit())) {
        const index = next++;
        running += 1;
        task(index).then(() => {
          running -= 1;
          launch();
        }, reject);
      }
      if (running === 0) resolve();
    };
    launch();
  });
}
