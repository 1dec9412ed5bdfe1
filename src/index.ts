// gobrpc: Go's encoding/gob, net/rpc and net/rpc/jsonrpc for Node. The package root re-exports
// the public API of gob and rpc by name, and jsonrpc as a namespace (`jsonrpc.dial`, as Go reads),
// since its dial/serve helpers share rpc's names; `gobrpc/gob`, `gobrpc/rpc` and `gobrpc/jsonrpc`
// export each layer alone.
export {
  t, encode, decode, decodeAll, goString, registerName, GoTime, stringBytes, stringFromBytes, GobError, GobErrorCode, isGobError, PREREGISTERED_NAMES, TypeRegistry,
  Encoder, Decoder, NEED_MORE, DEFAULT_MAX_MESSAGE_SIZE, Writer, StreamDecoder, StreamEncoder, TypeId,
  type Complex, type ExternalSchema, type Field, type GoInterface, type Infer, type MarshalCodec, type NameOption,
  type Schema, type SchemaNode, type SchemaRef, type StructSchema, type EncoderOptions, type DecoderOptions,
  type NeedMore, type ByteSink, type WireType,
  isNil, nilBytes, nilMap, nilSlice,
} from './gob/index.js';
export {
  Call, Client, dial, dialHTTP, dialTLS, parseAddress, Server, ERR_SHUTTING_DOWN, CANCEL_METHOD, DISCARD, GobClientCodec, GobServerCodec,
  clientLogger, ReconnectingClient, backoffDelay, serveCluster,
  invalidRequestSchema, requestSchema, responseSchema, defineService, CONNECTED, connectHTTP, createHTTPServer,
  DEFAULT_RPC_PATH, handleHTTP, DEFAULT_DEBUG_PATH, renderDebugPage, isRpcError, isServerError, RpcError,
  RpcErrorCode, ServerError, loggingInterceptor, DEFAULT_MAX_UNSENT_BYTES, DEFAULT_MAX_TOTAL_UNSENT_BYTES, DEFAULT_MAX_CALLS_IN_FLIGHT,
  type Address, type CallOptions, type ClientCloseOptions, type ClientOptions, type DialHTTPOptions, type DialOptions, type MethodInfo,
  type ClientCallContext, type ClientInterceptor, type ClientLoggerOptions, type ReconnectOptions, type ReconnectState,
  type ServerOptions, type ServerCloseOptions, type ServerInterceptor, type ServerCallContext, type CallInfo, type LoggingOptions, type ServerStats, type ConnectionStats, type HandlerFailure, type ServiceInfo, type BodyPlan, type ClientCodec, type ClientCodecHandler,
  type GobCodecOptions, type RequestHeader, type ResponseHeader, type ServerCodec, type ServerCodecHandler,
  type CallContext, type Handler, type MethodDef, type MethodSpec, type MethodSpecs, type ServiceClient,
  type ServiceDef, type ServiceImpl, type StubCallOptions, type HandleHTTPOptions,
  type ClusterOptions, type ClusterPrimary, type ClusterWorker,
} from './rpc/index.js';
export * as jsonrpc from './jsonrpc/index.js';
