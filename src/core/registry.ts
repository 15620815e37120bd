import type { Codec } from '../protocol/types.js';
import { createCodec } from '../protocol/index.js';
import type { ServiceDefinition, ServiceEnvironment, ServiceImplementation } from './service.js';

/**
 * One service as the running platform knows it: its codecs (one per vendored model) and its
 * implementation, both loaded on first use so that start-up stays fast. Loading runs the service's
 * migrations and starts its background work exactly once per process.
 */
export class ServiceRuntime {
  private codecList: Codec[] | undefined;
  private loading: Promise<ServiceImplementation> | undefined;
  private loaded: ServiceImplementation | undefined;

  constructor(
    readonly definition: ServiceDefinition,
    private readonly env: ServiceEnvironment,
  ) {}

  get name(): string {
    return this.definition.name;
  }

  codecs(): Codec[] {
    this.codecList ??= this.definition.models.map((file) => createCodec(file));
    return this.codecList;
  }

  /** The implementation, loading it (and migrating its tables) the first time. */
  implementation(): Promise<ServiceImplementation> {
    if (this.loaded) return Promise.resolve(this.loaded);
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined; // a failed load (e.g. the database was down) is retried next time
      throw error;
    });
    return this.loading;
  }

  /** Whether its implementation has been loaded, so stopping need not load it. */
  get isLoaded(): boolean {
    return this.loaded !== undefined;
  }

  private async load(): Promise<ServiceImplementation> {
    const implementation = (await this.definition.load?.()) ?? { operations: {} };
    if (implementation.migrations?.length) {
      await this.env.storage.migrate(this.definition.name, implementation.migrations);
    }
    await implementation.start?.(this.env);
    this.loaded = implementation;
    return implementation;
  }
}

export class ServiceRegistry {
  private readonly byName = new Map<string, ServiceRuntime>();

  constructor(definitions: ServiceDefinition[], env: ServiceEnvironment) {
    for (const definition of definitions)
      this.byName.set(definition.name, new ServiceRuntime(definition, env));
  }

  get(name: string): ServiceRuntime | undefined {
    return this.byName.get(name);
  }

  all(): ServiceRuntime[] {
    return [...this.byName.values()];
  }

  async stop(): Promise<void> {
    for (const runtime of this.all()) {
      if (runtime.isLoaded) await (await runtime.implementation()).stop?.();
    }
  }
}
