/**
 * Protocols AWS gave a service after the last release of the models Nubis vendors. Current SDK v3
 * CloudWatch clients speak JSON 1.0 (awsQueryCompatible, target `GraniteServiceVersion20100801`),
 * while the vendored CloudWatch model is query-only. A variant reuses its base model's shapes and
 * operations with the protocol metadata of the newer model.
 */
export interface ModelVariant {
  base: string;
  metadata: Record<string, unknown>;
}

export const MODEL_VARIANTS: Readonly<Record<string, ModelVariant>> = {
  'monitoring-2010-08-01.json': {
    base: 'monitoring-2010-08-01.min.json',
    metadata: {
      protocol: 'json',
      jsonVersion: '1.0',
      targetPrefix: 'GraniteServiceVersion20100801',
      awsQueryCompatible: {},
    },
  },
};
