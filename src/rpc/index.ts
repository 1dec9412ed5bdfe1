// net/rpc for Node: a client and a server that talk to Go's net/rpc peers byte for byte, over
// TCP, TLS and HTTP CONNECT, with a codec seam that the gob and JSON-RPC codecs plug into.
export {
  Call,
  Client,
  dial,
  dialHTTP,
  dialTLS,
  parseAddress,
  type Address,
  type ClientCloseOptions,
  type ClientOptions,
  type DialHTTPOptions,
  type DialOptions,
} from './client.js';
export { clientLogger, type ClientCallContext, type ClientInterceptor, type ClientLoggerOptions } from './client-interceptor.js';
export { backoffDelay, ReconnectingClient, type ReconnectOptions, type ReconnectState } from './reconnect.js';
export {
  createHTTPServer,
  ERR_SHUTTING_DOWN,
  handleHTTP,
  Server,
  type HandlerFailure,
  type ServerCloseOptions,
  type ServerOptions,
  type ServerStats,
} from './server.js';
export {
  DEFAULT_MAX_CALLS_IN_FLIGHT,
  DEFAULT_MAX_TOTAL_UNSENT_BYTES,
  DEFAULT_MAX_UNSENT_BYTES,
  DEFAULT_UNSENT_ALLOWANCE,
  type ConnectionStats,
} from './conn.js';
export {
  DISCARD,
  GobClientCodec,
  GobServerCodec,
  invalidRequestSchema,
  requestSchema,
  responseSchema,
  type BodyPlan,
  type ClientCodec,
  type ClientCodecHandler,
  type GobCodecOptions,
  type RequestHeader,
  type ResponseHeader,
  type ServerCodec,
  type ServerCodecHandler,
} from './codec.js';
export {
  CANCEL_METHOD,
  defineService,
  type CallContext,
  type CallOptions,
  type Handler,
  type MethodDef,
  type MethodSpec,
  type MethodSpecs,
  type ServiceClient,
  type ServiceDef,
  type ServiceImpl,
  type StubCallOptions,
} from './service.js';
export { CONNECTED, connectHTTP, DEFAULT_RPC_PATH, type HandleHTTPOptions } from './http.js';
export { DEFAULT_DEBUG_PATH, renderDebugPage, type MethodInfo, type ServiceInfo } from './debug.js';
export { serveCluster, type ClusterOptions, type ClusterPrimary, type ClusterWorker } from './cluster.js';
export {
  composeServer,
  loggingInterceptor,
  type CallInfo,
  type LoggingOptions,
  type LogLine,
  type ServerCallContext,
  type ServerInterceptor,
} from './interceptor.js';
export { isRpcError, isServerError, RpcError, RpcErrorCode, ServerError } from './error.js';

// What the codec layers built on this one (src/jsonrpc) use of it besides the API above, exported
// here on purpose so that they import nothing else of rpc: the dialer, the stream connection a
// codec sits on (with its write limits), and the Go net/http server behaviours that jsonrpc's
// HTTP server shares with handleHTTP. Internal: left out of the reference, and out of the .d.ts
// files but for StreamConn, which the JSON-RPC stream class extends in its declarations.
export { StreamConn } from './conn.js';
/** @internal */
export { openClientSocket, openSocket } from './client.js';
/** @internal */
export { STREAM_CONN } from './conn.js';
/** @internal */
export { readDirectly } from './server.js';
/** @internal */
export {
  acceptGoRequests,
  answerClientError,
  answerConnect,
  dropLateWrites,
  hasLaterListeners,
  NOT_FOUND,
  redirectUncleanPath,
  reply,
} from './http.js';
