// net/rpc/jsonrpc for Node: the JSON-RPC codecs on the same Client and Server as gob, byte for
// byte with Go's jsonrpc package, plus JSON-RPC over HTTP POST as the reference examples serve
// it. Values follow the method schemas: 64-bit integers stay exact, []byte is base64, time.Time
// RFC 3339.
export {
  dial,
  formatGoValue,
  JsonClientCodec,
  newClient,
  newClientCodec,
  type JsonClientOptions,
  type JsonCodecOptions,
  type JsonDialOptions,
} from './client.js';
export {
  accept,
  ERR_MISSING_PARAMS,
  JsonServerCodec,
  listen,
  newServerCodec,
  serveConn,
  type JsonServeOptions,
} from './server.js';
export {
  createHTTPClient,
  createHTTPServer,
  DEFAULT_JSONRPC_PATH,
  HTTPClientCodec,
  httpHandler,
  type JsonHTTPClientOptions,
  type JsonHTTPOptions,
} from './http.js';
export { isJsonError, JsonError, JsonErrorCode } from './error.js';
export { DEFAULT_MAX_DEPTH, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_NUMBER_LENGTH, JsonScanner, type ScannerOptions } from './scanner.js';
export { marshal, unmarshal } from './json.js';
export { jsonReplacer } from './replacer.js';
export { parseRFC3339 } from './rfc3339.js';
export { formatRFC3339Nano, type TimeFields } from '../schema/index.js';
