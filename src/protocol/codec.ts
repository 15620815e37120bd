// The one entry point the gateway needs: a codec for a vendored model file, chosen by the model's
// protocol. The model itself is parsed the first time the codec is used (start-up stays fast);
// `protocol` comes from the model's metadata, read from the head of the file.
import type { AwsError } from '../core/aws-error.js';
import type { Codec, HttpRequest, HttpResponse, ProtocolName, ResponseMeta } from './types.js';
import { loadModel, modelMetadata, type ModelMetadata, type ServiceModel } from './model.js';
import { acceptsJson, JsonCodec } from './json.js';
import { acceptsQuery, QueryCodec } from './query.js';
import { RestJsonCodec } from './rest-json.js';
import { RestXmlCodec } from './rest-xml.js';
import { acceptsRest } from './rest.js';

const FACTORIES: Record<ProtocolName, (model: ServiceModel) => Codec> = {
  json: (model) => new JsonCodec(model),
  query: (model) => new QueryCodec(model),
  'rest-json': (model) => new RestJsonCodec(model),
  'rest-xml': (model) => new RestXmlCodec(model),
};

/** `accepts` needs only the metadata, so asking does not parse the model. */
const ACCEPTS: Record<ProtocolName, (meta: ModelMetadata, req: HttpRequest) => boolean> = {
  json: acceptsJson,
  query: (_meta, req) => acceptsQuery(req),
  'rest-json': (_meta, req) => acceptsRest(req),
  'rest-xml': (_meta, req) => acceptsRest(req),
};

const codecs = new Map<string, Codec>();

/** The codec for `models/<modelFileName>`; the same object for the same file. */
export function createCodec(modelFileName: string): Codec {
  let codec = codecs.get(modelFileName);
  if (!codec) {
    codec = new LazyCodec(modelFileName);
    codecs.set(modelFileName, codec);
  }
  return codec;
}

class LazyCodec implements Codec {
  readonly protocol: ProtocolName;
  private readonly metadata: ModelMetadata;
  private codec: Codec | undefined;

  constructor(private readonly fileName: string) {
    this.metadata = modelMetadata(fileName);
    this.protocol = this.metadata.protocol;
    if (!FACTORIES[this.protocol]) throw new Error(`Unsupported protocol ${this.protocol} in ${fileName}`);
  }

  private get real(): Codec {
    this.codec ??= FACTORIES[this.protocol](loadModel(this.fileName));
    return this.codec;
  }

  accepts(req: HttpRequest): boolean {
    return ACCEPTS[this.protocol](this.metadata, req);
  }

  resolveOperation(req: HttpRequest): string {
    return this.real.resolveOperation(req);
  }

  parseRequest(operation: string, req: HttpRequest): Record<string, unknown> {
    return this.real.parseRequest(operation, req);
  }

  serializeResponse(operation: string, output: unknown, meta: ResponseMeta): HttpResponse {
    return this.real.serializeResponse(operation, output, meta);
  }

  serializeError(error: AwsError, operation: string | undefined, meta: ResponseMeta): HttpResponse {
    return this.real.serializeError(error, operation, meta);
  }

  operationNames(): string[] {
    return this.real.operationNames();
  }
}
