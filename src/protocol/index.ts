// The protocol layer's public face: everything outside src/protocol imports from here.
export type { Codec, HttpRequest, HttpResponse, ProtocolName, ResponseMeta } from './types.js';
export { createCodec } from './codec.js';
export { loadModel, modelMetadata, type ModelMetadata } from './model.js';
export { formatTimestamp, parseTimestamp } from './timestamp.js';
