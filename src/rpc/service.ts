// Typed services: a service is declared once (its name, and each method's argument and reply
// schemas); the declaration gives a typed client stub (Client.service) and the type a server
// implementation must satisfy (Server.register). Go gets the same from reflection over a
// receiver's methods (server.go's suitableMethods); here the schemas stand in for the Go types.
import { type Infer, type Schema, t } from '../gob/index.js';
import { checkSchema } from '../schema/index.js';

/** One method of a service: the schemas of its argument and of its reply. */
export interface MethodSpec<A = any, R = any> {
  /** The argument's schema (Go: the method's second parameter, `args T` or `args *T`). */
  readonly args: Schema<A>;
  /** The reply's schema (Go: the third parameter, `reply *T`; give the schema of T). */
  readonly reply: Schema<R>;
}

/** The methods of a service by Go method name ("Multiply"). */
export type MethodSpecs = Readonly<Record<string, MethodSpec>>;

/** A declared service: what {@link defineService} returns. */
export interface ServiceDef<M extends MethodSpecs = MethodSpecs> {
  /** The name clients call it by ("Arith" in "Arith.Multiply"). */
  readonly name: string;
  readonly methods: M;
}

/**
 * What a method handler learns about the call it serves. On a server with interceptors it is the
 * whole {@link ServerCallContext} they saw (`state` included).
 */
export interface CallContext {
  /** "Service.Method" as the client sent it. */
  readonly serviceMethod: string;
  /**
   * The request's sequence number: Go's uint64, a number up to 2^53 − 1 and a bigint past that
   * (only a foreign client numbers calls that high). On gob it is the client's own number for the
   * call (net/rpc's client counts from 0). Over JSON-RPC it is the server codec's number for the
   * request, 1, 2, … per connection (or per POST), as Go's jsonrpc server codec numbers them (the
   * JSON `id` the client sent is kept aside and echoed in the response), so it is the seq Go's
   * server would see, not the client's: Go's client sends its seq as the id, from 0.
   */
  readonly seq: number | bigint;
  /**
   * Aborted when the call can no longer be answered or is no longer wanted, its `reason` an
   * RpcError saying why: `CANCELED` `context canceled` when the client cancels it
   * (`_goRPC_.Cancel`), `SHUTDOWN` `rpc: server is shutting down` when `server.close()` cuts it,
   * `EOF` `EOF` when the connection's input ended first; or the GobError (JsonError) that ended
   * the connection when its input could not be decoded.
   */
  readonly signal: AbortSignal;
}

/** A method handler: returns the reply (or a promise of it); a thrown error's message becomes the response's `Error`. */
export type Handler<A, R> = (args: A, ctx: CallContext) => R | Promise<R>;

/** A method with its handler, for {@link Server.register} by name (Go's `RegisterName`). */
export interface MethodDef<A = any, R = any> extends MethodSpec<A, R> {
  readonly handler: Handler<A, R>;
}

/** The implementation a server must supply for service `D`: one handler per declared method. */
export type ServiceImpl<D extends ServiceDef> = {
  [K in keyof D['methods']]: Handler<Infer<D['methods'][K]['args']>, Infer<D['methods'][K]['reply']>>;
};

/**
 * Options of one call (Client.call). Declared here beside the stubs' options, not in client.ts,
 * so that the client interceptors, which see them, need not import client.ts.
 */
export interface CallOptions<A = any, R = any> {
  /** How to encode the arguments (the gob codec needs it). */
  argSchema?: Schema<A>;
  /** How to decode the reply; without one the reply is decoded by the stream's own types. */
  replySchema?: Schema<R>;
  /**
   * Milliseconds before the call rejects with a `TIMEOUT` RpcError; 0, negative or `Infinity`: none.
   * Default: the client's `timeout` (none). A finite value beyond 2^31 - 1 (Node's timer limit)
   * fails the call with a RangeError before anything is sent.
   */
  timeout?: number;
  /** Rejects the call with an `ABORTED` RpcError (cause: the signal's reason) when it fires. */
  signal?: AbortSignal;
  /** Whether a timeout or abort also cancels the call on the server. Default: the client's `cancelOnServer`. */
  cancelOnServer?: boolean;
}

/** Per-call options of a typed stub method. */
export interface StubCallOptions {
  /** Milliseconds before the call rejects with a `TIMEOUT` RpcError. Default: the client's `timeout`. */
  timeout?: number;
  /** Rejects the call with an `ABORTED` RpcError when it fires. */
  signal?: AbortSignal;
  /** Whether a timeout or abort also sends `_goRPC_.Cancel` to the server. Default: the client's `cancelOnServer`. */
  cancelOnServer?: boolean;
}

/** The typed client stub of service `D`: `await arith.Multiply({ A: 7, B: 8 })`. */
export type ServiceClient<D extends ServiceDef> = {
  [K in keyof D['methods']]: (args: Infer<D['methods'][K]['args']>, options?: StubCallOptions) => Promise<Infer<D['methods'][K]['reply']>>;
};

/**
 * Declares a service once for both sides: `defineService('Arith', { Multiply: { args: Args,
 * reply: t.int } })`. Method names must be exported Go names (an upper-case first letter), as
 * Go's server only serves those. Throws TypeError otherwise.
 */
export function defineService<const M extends MethodSpecs>(name: string, methods: M): ServiceDef<M> {
  if (name === '') throw new TypeError('rpc: defineService: empty service name');
  for (const [m, spec] of Object.entries(methods)) {
    checkMethodName(name, m);
    if (!spec?.args || !spec.reply) throw new TypeError(`rpc: method ${name}.${m} needs args and reply schemas`);
    // Only the schemas themselves: their parts may name types declared after the service.
    checkSchema(spec.args, `rpc: method ${name}.${m}: args`);
    checkSchema(spec.reply, `rpc: method ${name}.${m}: reply`);
  }
  return Object.freeze({ name, methods: Object.freeze({ ...methods }) });
}

/** Go serves exported methods only (server.go's suitableMethods skips the rest). */
export function checkMethodName(service: string, method: string): void {
  if (!/^\p{Lu}/u.test(method)) {
    throw new TypeError(
      `rpc: method ${JSON.stringify(method)} of ${service} is not exported (Go method names start with an upper-case letter)`,
    );
  }
}

/**
 * The request github.com/keegancsmith/rpc's client sends to cancel call `Seq` on its connection
 * (its internal service `_goRPC_`, method `Cancel`, args `*svc.CancelArgs`, reply `*bool`).
 */
export const CANCEL_METHOD = '_goRPC_.Cancel';

/** The body of {@link CANCEL_METHOD} (gob matches structs by field name). */
export const CancelArgsSchema = t.struct('svc.CancelArgs', { Seq: t.uint64 });

/** The typed stub of `def` over any `call` (Client.call, ReconnectingClient.call). */
export function serviceStub<D extends ServiceDef>(
  def: D,
  call: (serviceMethod: string, args: unknown, options: StubCallOptions & { argSchema: Schema; replySchema: Schema }) => Promise<unknown>,
): ServiceClient<D> {
  const stub: Record<string, unknown> = {};
  for (const [method, spec] of Object.entries(def.methods)) {
    const serviceMethod = `${def.name}.${method}`;
    // One options object for every call made without options (the callers never change it).
    const schemas = { argSchema: spec.args, replySchema: spec.reply };
    stub[method] = (args: unknown, options?: StubCallOptions) =>
      call(serviceMethod, args, options === undefined ? schemas : { ...schemas, ...options });
  }
  return stub as ServiceClient<D>;
}
