// The server, as net/rpc's server.go: services registered by name, each request dispatched by
// "Service.Method" with Go's exact error texts, every call answered on the connection it came
// from, in whatever order the handlers finish.
import * as net from 'node:net';
import * as tls from 'node:tls';
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { debuglog, format as formatText } from 'node:util';
import { goString, type Schema, t } from '../gob/index.js';
import { decoderLimits } from '../gob/decoder.js';
import { checkSchemaDeep, goText } from '../schema/index.js';
import {
  type BodyPlan,
  DISCARD,
  GobServerCodec,
  type GobCodecOptions,
  type RequestHeader,
  type ServerCodec,
  type ServerCodecHandler,
} from './codec.js';
import {
  type ConnectionStats,
  DEFAULT_MAX_CALLS_IN_FLIGHT,
  DEFAULT_MAX_TOTAL_UNSENT_BYTES,
  DEFAULT_MAX_UNSENT_BYTES,
  DEFAULT_UNSENT_ALLOWANCE,
  DIRECT_READS,
  DirectReads,
  type StreamConn,
  streamConnOf,
  UnsentBudget,
  type WriteLimits,
} from './conn.js';
import { ERR_SHUTTING_DOWN, errorText, RpcError, RpcErrorCode } from './error.js';
import { BusyPoll, checkBusyPoll, checkTimerMs } from './timer.js';
import type { ServiceInfo } from './debug.js';
import { answerClientError, type HandleHTTPOptions, routeHTTP } from './http.js';
import { composeServer, loggingInterceptor, oneLine, type ServerCallContext, type ServerInterceptor } from './interceptor.js';
import {
  CANCEL_METHOD,
  CancelArgsSchema,
  type CallContext,
  checkMethodName,
  type Handler,
  type MethodDef,
  type ServiceDef,
  type ServiceImpl,
} from './service.js';

const rawDebug = debuglog('gobrpc');
/** `util.debuglog('gobrpc')` whose lines stay one line each: peers' text has its control characters escaped. */
const debug = Object.assign((format: string, ...args: unknown[]) => rawDebug('%s', oneLine(formatText(format, ...args))), {
  get enabled() {
    return rawDebug.enabled;
  },
});

/** A call that failed, as {@link ServerOptions.onHandlerError} sees it. */
export interface HandlerFailure {
  /** The request's `Service.Method`. */
  serviceMethod: string;
  /** The request's sequence number: a number, or a bigint past 2^53 − 1 (see {@link RequestHeader.seq}). */
  seq: number | bigint;
  /**
   * What failed: the value the handler threw or its promise rejected with (any JavaScript value,
   * `undefined` included), the GobError (or JsonError) of a reply that did not fit its schema,
   * or that of arguments that did not decode, whose `path` names the field
   * (`Batch.Items[1].Count`) and whose message may add a hint for JavaScript users (see `stage`).
   */
  error: unknown;
  /** The response's `Error` string, exactly what the client received (see `errorText`). */
  message: string;
  /**
   * Where the call failed: `'arguments'` when its arguments did not decode (the handler never
   * ran; the client received Go's text for the decode error, without the hints of ours that
   * `error.message` may add), `'handler'` when the handler (or an interceptor) threw or rejected,
   * `'reply'` when the reply did not fit its schema.
   */
  stage: 'arguments' | 'handler' | 'reply';
  /** The peer's address (`127.0.0.1:51234`, as `ctx.remoteAddress`), or undefined when the connection is not a socket. */
  remoteAddress: string | undefined;
}

/**
 * Options of a {@link Server}: gob limits and interface-type names for every gob connection, and
 * bounds on the reply bytes it holds unsent for peers that do not read them (every connection,
 * gob or JSON-RPC, served through {@link Server.serveCodec} with a codec of this package).
 */
export interface ServerOptions extends GobCodecOptions {
  /**
   * Per connection, in bytes: while the replies encoded for one connection and not yet taken by
   * the operating system add up to this or more, the server stops reading that connection and
   * starts none of its requests already read, and the replies of its handlers that finish
   * meanwhile wait unencoded; all resume when the socket drains. A connection may exceed it by
   * one reply (the one that crossed it). Default 1 MiB (1,048,576). Go has no such bound (its
   * server keeps reading while a reply blocks).
   */
  maxUnsentBytes?: number;
  /**
   * Server-wide, in bytes: the unsent reply bytes all connections may hold beyond their
   * {@link unsentAllowance}. A reply is encoded only when it fits what is left (the handler has
   * run; its value waits); one that does not is encoded once that many bytes have drained, in
   * the order such replies came, and its connection stops reading and starting requests
   * meanwhile. So the unsent bytes never exceed this plus every connection's allowance, except
   * that a reply larger than this is sent when nothing else is held. Connections holding none of
   * it go on within their allowance, so peers that read their replies keep being served however
   * many do not. Default 64 MiB (67,108,864).
   */
  maxTotalUnsentBytes?: number;
  /**
   * Per connection, in bytes: the unsent reply bytes a connection may hold without drawing on
   * {@link maxTotalUnsentBytes}, so that small replies are sent at once even while peers that do
   * not read hold the whole budget. A non-negative number; default 64 KiB (65,536).
   */
  unsentAllowance?: number;
  /**
   * Per connection, in calls: while this many calls of one connection are in flight (their
   * asynchronous handler started and their reply not yet handed to the socket, including replies
   * waiting for a backed-up connection to drain), the server starts none of the requests it
   * reads on that connection but holds them; they start, in order, as calls finish. It stops
   * reading once it holds as many as this (at least 16), so that a `_goRPC_.Cancel` behind them
   * is still read (the held call it names then never starts). Requests beyond are queued (left
   * unread), never refused. The reply values a connection holds are
   * thus at most this many, so a server's memory for replies is bounded by `maxCallsInFlight` ×
   * the largest reply per connection, plus the unsent bytes bounded above. Synchronous handlers
   * reply before the next request is read and never count. A positive integer or `Infinity`;
   * default 128. Go has no such bound (its server starts a goroutine for every request it reads).
   */
  maxCallsInFlight?: number;
  /**
   * Called once for each call whose arguments failed to decode, or whose handler threw, rejected,
   * or returned a reply that failed to encode, just before the error response is written. Go's server has no counterpart (it only sends
   * the string). An exception thrown by the hook, or the rejection of a promise it returns (an
   * async hook), is logged under `NODE_DEBUG=gobrpc` and otherwise ignored; the server does not
   * wait for such a promise. Default: none; failures are then visible only under `NODE_DEBUG=gobrpc`.
   */
  onHandlerError?: (failure: HandlerFailure) => void | PromiseLike<void>;
  /**
   * Middleware around every call, outermost first (see {@link ServerInterceptor}); more can be
   * added with {@link Server.use}. Under `NODE_DEBUG=gobrpc` the server puts a
   * {@link loggingInterceptor} outside them all. Default: none.
   */
  interceptors?: readonly ServerInterceptor[];
  /**
   * Microseconds to keep Node's event loop polling, rather than sleeping, after each reply is
   * written while connections are open, so that a client's next request on a nearby host is
   * read without the wake-up of a sleeping process (the client option of that name, from the
   * other side; Go's scheduler spins a while before it parks too). Each reply starts the budget
   * again; the server's process spends CPU for the whole budget when no request comes, and it
   * needs a core of its own. With Go's client on 127.0.0.1, sequential calls rose by about a
   * quarter at 100 µs. It polls only while connections are open (served by `accept`, `listen`
   * or `serveConn`): requests over HTTP POST (`Server.serveRequest`, JSON-RPC over HTTP) alone
   * never keep it polling. Default 0: off. A number in [0, 1,000,000]; otherwise a RangeError.
   */
  busyPoll?: number;
}

/** Options of {@link Server.close}. */
export interface ServerCloseOptions {
  /**
   * How long to drain, in milliseconds: the listeners stop at once, calls in flight go on and
   * their replies are written, each connection is closed (FIN) as soon as it has no call left,
   * and whatever is still open when the grace period ends is cut as by `close()` without it.
   * A request not started when the drain begins (held at `maxCallsInFlight`, or unread: the
   * drain reads it) or read during the drain is not started: it is answered with the error
   * {@link ERR_SHUTTING_DOWN}, which a Go client returns as `rpc.ServerError`; an HTTP CONNECT
   * is refused with `503 Service Unavailable`. `Infinity` waits for every call. Default 0: the
   * hard stop (calls in flight are cut).
   */
  grace?: number;
}

export { ERR_SHUTTING_DOWN };

/** What {@link Server.stats} reports. */
export interface ServerStats {
  /** Unsent reply bytes across every connection being served. */
  unsentBytes: number;
  /** The most {@link unsentBytes} has been. */
  peakUnsentBytes: number;
  /**
   * The part of {@link unsentBytes} held against `maxTotalUnsentBytes` (each connection's unsent
   * bytes beyond its `unsentAllowance`).
   */
  sharedUnsentBytes: number;
  /** The most {@link sharedUnsentBytes} has been: at most `maxTotalUnsentBytes`, or one reply larger than it. */
  peakSharedUnsentBytes: number;
  /** Connections whose next reply waits for room in `maxTotalUnsentBytes`. */
  waitingForRoom: number;
  /** One entry per connection being served with a codec of this package, in the order they started. */
  connections: ConnectionStats[];
}

interface MethodEntry {
  readonly name: string;
  readonly args: Schema;
  readonly reply: Schema;
  readonly handler: Handler<unknown, unknown>;
  /** The object the handler is called on (the implementation, for class-based services). */
  readonly self: unknown;
  numCalls: number;
}

interface ServiceEntry {
  readonly name: string;
  readonly methods: Map<string, MethodEntry>;
}

/** The handler's signal reason when a client cancels its call: Go's `context.Canceled` text. */
const canceledByClient = () => new RpcError(RpcErrorCode.Canceled, 'context canceled');
/** The handler's signal reason when {@link Server.close} cuts its call (the hard stop, or a drain's end). */
const cutByClose = () => new RpcError(RpcErrorCode.Shutdown, ERR_SHUTTING_DOWN);
/** The handler's signal reason when its connection's input ends (the peer hung up) without a decode error. */
const inputEnded = () => new RpcError(RpcErrorCode.Eof, 'EOF');

/**
 * The context of one call as its handler sees it, and its cancellation: the AbortController
 * behind `signal` is made only when the handler (or an interceptor) first reads it, since most
 * handlers never do and an AbortController with its signal costs more than the rest of the
 * dispatch together. A class (not an object literal with a getter, which V8 builds on a slow
 * path) whose state is in private fields, so the context shows only what CallContext declares.
 */
class HandlerCall implements CallContext {
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;

  constructor(
    readonly serviceMethod: string,
    readonly seq: number | bigint,
  ) {}

  /** Whether {@link abort} was called (without making the signal). */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** The reason given to {@link abort}. */
  get reason(): unknown {
    return this.#reason;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** As AbortController.abort: the first call wins, and `undefined` gives the default AbortError. */
  abort(reason?: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}

/** `_goRPC_.Cancel`, answered by the server itself on every connection. */
const CANCEL_ENTRY: MethodEntry = {
  // Read as a bigint, so that any uint64 Seq is answered (false, no error), as Go's server does.
  name: 'Cancel',
  args: t.struct(CancelArgsSchema.name!, { Seq: t.uint64n }),
  reply: t.bool,
  handler: () => false,
  self: undefined,
  numCalls: 0,
};

/** The context of an intercepted call, with the method it is dispatched to. */
interface CallState extends ServerCallContext {
  readonly entry: MethodEntry;
}

/** Where a request goes: its method, or Go's error text for why it cannot be served. */
type Route = MethodEntry | string;

/** Runs `write` (which writes one reply) now or when the connection can take it. */
type Send = (write: () => void) => void;
const sendNow: Send = (write) => write();

/** One connection served by {@link Server.serveCodec}: its codec and the calls it has running. */
interface ServedConn {
  readonly codec: ServerCodec;
  readonly conn: StreamConn | undefined;
  /** The calls running, by seq, with what is behind each one's `ctx.signal`. */
  readonly running: Map<number | bigint, HandlerCall>;
  /** Requests started and not yet answered (a reply waiting for the socket to drain counts). */
  inFlight: number;
  /** Whether the connection's input ended. */
  ended: boolean;
  /** Whether the connection was closed and its promise resolved. */
  done: boolean;
  /** Whether {@link Server.settleIfDone} waits for the unit being delivered to end. */
  settleQueued: boolean;
  /** Resolves the promise serveCodec returned. */
  readonly resolve: () => void;
  /** How its replies are written (see {@link Server.sendFor}). */
  send: Send;
}

/**
 * A net/rpc server (Go's `rpc.Server`). Register services, then serve sockets
 * ({@link serveConn}), listeners ({@link accept}, {@link listen}), custom codecs
 * ({@link serveCodec}, {@link serveRequest}) or HTTP ({@link handleHTTP}).
 */
export class Server {
  private readonly services = new Map<string, ServiceEntry>();
  /** "Service.Method" to its method, for the names requests have used (see {@link lookUp}). */
  private readonly routes = new Map<string, MethodEntry>();
  /** The last name {@link route} found in {@link routes}. */
  private lastRoute: { name: string; entry: MethodEntry } | undefined;
  private readonly listeners = new Set<net.Server>();
  /** Every connection being served, with the function that starts draining it. */
  private readonly codecs = new Map<ServerCodec, () => Promise<void>>();
  private readonly writeLimits: WriteLimits;
  /** Set by {@link close} with a grace period: connections close once their calls are answered. */
  private draining = false;
  /** Calls in flight from {@link serveRequest} (JSON-RPC over HTTP POST), with their end. */
  private readonly requests = new Map<HandlerCall, Promise<void>>();
  /** Set by {@link close}: {@link serveRequest} refuses calls from then on. */
  private stopped = false;
  /** Ends the wait of graceful closes under way: a hard close() cuts their grace period short. */
  private readonly cutShort: Array<() => void> = [];
  /** The interceptors, outermost first; empty means the handler is called directly. */
  private readonly interceptors: ServerInterceptor[] = [];
  /** The interceptors composed around the handler, rebuilt by {@link use}. */
  private chain: ((ctx: ServerCallContext) => Promise<unknown>) | undefined;
  /** The event loop's polling after each reply written (ServerOptions.busyPoll), if on. */
  private readonly busyPoll: BusyPoll | undefined;

  /**
   * Throws a RangeError when a byte limit is not a positive number (`unsentAllowance`: not a
   * non-negative one), `maxCallsInFlight` not a positive integer (`Infinity` lifts either),
   * `busyPoll` outside [0, 1,000,000], or a limit of the codec (`maxMessageSize`, `maxDepth`,
   * `maxInterfaceNameLength`) not a positive integer or Infinity.
   */
  constructor(private readonly options: ServerOptions = {}) {
    checkBusyPoll(options.busyPoll);
    // The codec's limits, checked now rather than by the first connection's Decoder.
    decoderLimits(options);
    if (options.busyPoll) this.busyPoll = new BusyPoll(options.busyPoll, () => this.codecs.size > 0 && !this.stopped);
    this.writeLimits = {
      maxUnsentBytes: byteLimit('maxUnsentBytes', options.maxUnsentBytes, DEFAULT_MAX_UNSENT_BYTES),
      budget: new UnsentBudget(
        byteLimit('maxTotalUnsentBytes', options.maxTotalUnsentBytes, DEFAULT_MAX_TOTAL_UNSENT_BYTES),
        byteLimit('unsentAllowance', options.unsentAllowance, DEFAULT_UNSENT_ALLOWANCE, true),
      ),
      maxCallsInFlight: callLimit(options.maxCallsInFlight),
    };
    if (debug.enabled) this.use(loggingInterceptor());
    this.use(...(options.interceptors ?? []));
  }

  /**
   * Adds interceptors inside those already given (the first added is the outermost) and applies
   * them to every call from now on. Throws a TypeError when one is not a function.
   */
  use(...interceptors: ServerInterceptor[]): this {
    for (const i of interceptors) {
      if (typeof i !== 'function') throw new TypeError(`gobrpc: an interceptor must be a function, got ${typeof i}`);
    }
    if (interceptors.length === 0) return this;
    this.interceptors.push(...interceptors);
    this.chain = composeServer([...this.interceptors], (ctx) => {
      const m = (ctx as CallState).entry;
      return m.handler.call(m.self, ctx.args, ctx);
    });
    return this;
  }

  /**
   * The reply bytes this server holds unsent, in total and per connection: how far peers that do
   * not read their replies have pushed it (see {@link ServerOptions.maxUnsentBytes}).
   */
  stats(): ServerStats {
    const connections: ConnectionStats[] = [];
    for (const codec of this.codecs.keys()) {
      const conn = streamConnOf(codec);
      if (conn) connections.push(conn.stats());
    }
    const budget = this.writeLimits.budget!;
    return {
      unsentBytes: budget.unsent,
      peakUnsentBytes: budget.peakUnsent,
      sharedUnsentBytes: budget.total,
      peakSharedUnsentBytes: budget.peak,
      waitingForRoom: budget.queued,
      connections,
    };
  }

  /**
   * Registers a declared service under its own name (Go: `Server.Register`); `impl` has one
   * handler per method, called with `this` = `impl`.
   */
  register<D extends ServiceDef>(def: D, impl: ServiceImpl<D>): this;
  /**
   * Registers methods, each with its schemas and handler, under `name` (Go: `Server.RegisterName`).
   */
  register(name: string, methods: Readonly<Record<string, MethodDef>>): this;
  register(a: ServiceDef | string, b: object): this {
    if (typeof a === 'string') {
      const methods = b as Readonly<Record<string, MethodDef>>;
      return this.add(
        a,
        Object.entries(methods).map(([m, d]) => [m, d.args, d.reply, d.handler, d]),
      );
    }
    return this.registerName(a.name, a, b as ServiceImpl<ServiceDef>);
  }

  /** Registers a declared service under another name (Go: `Server.RegisterName`). */
  registerName<D extends ServiceDef>(name: string, def: D, impl: ServiceImpl<D>): this {
    const table = impl as Record<string, unknown>;
    return this.add(
      name,
      Object.entries(def.methods).map(([m, spec]) => {
        const h = table[m];
        if (typeof h !== 'function') throw new RpcError(RpcErrorCode.Register, `rpc.Register: ${name}.${m} has no handler`);
        return [m, spec.args, spec.reply, h as Handler<unknown, unknown>, impl];
      }),
    );
  }

  private add(name: string, methods: Array<[string, Schema, Schema, Handler<unknown, unknown>, unknown]>): this {
    if (name === '') throw new RpcError(RpcErrorCode.Register, 'rpc.Register: no service name');
    if (methods.length === 0) {
      throw new RpcError(RpcErrorCode.Register, `rpc.Register: type ${name} has no exported methods of suitable type`);
    }
    if (this.services.has(name)) throw new RpcError(RpcErrorCode.Register, 'rpc: service already defined: ' + name);
    const table = new Map<string, MethodEntry>();
    for (const [m, args, reply, handler, self] of methods) {
      checkMethodName(name, m);
      if (!args || !reply || typeof handler !== 'function') {
        throw new RpcError(RpcErrorCode.Register, `rpc.Register: ${name}.${m} needs args and reply schemas and a handler`);
      }
      try {
        checkSchemaDeep(args, `rpc.Register: ${name}.${m}: args`);
        checkSchemaDeep(reply, `rpc.Register: ${name}.${m}: reply`);
      } catch (e) {
        // The message names the part; the class is the registration's, as for a missing schema.
        if (!(e instanceof TypeError)) throw e;
        throw new RpcError(RpcErrorCode.Register, e.message);
      }
      table.set(m, { name: m, args, reply, handler, self, numCalls: 0 });
    }
    this.services.set(name, { name, methods: table });
    // A name a request used may resolve differently now (a service registered as "a.b", say).
    this.routes.clear();
    this.lastRoute = undefined;
    return this;
  }

  /** The registered services and their methods, sorted by name, with call counts (Go's debug page data). */
  describe(): ServiceInfo[] {
    const byBytes = (a: { name: string }, b: { name: string }) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));
    return [...this.services.values()]
      .map((s) => ({
        name: s.name,
        methods: [...s.methods.values()]
          .map((m) => ({
            name: m.name,
            argType: goString(m.args),
            // Go's reply parameter is always a pointer to the reply type.
            replyType: m.reply.kind === 'ptr' ? goString(m.reply) : '*' + goString(m.reply),
            numCalls: m.numCalls,
          }))
          .sort(byBytes),
      }))
      .sort(byBytes);
  }

  /** server.go's readRequestHeader, after the header decoded: the method, or Go's error text. */
  private route(serviceMethod: string): Route {
    // Most requests name the method the last one did: comparing the strings is cheaper than
    // hashing the freshly decoded one for the map.
    if (serviceMethod === this.lastRoute?.name) return this.lastRoute.entry;
    const entry = this.routes.get(serviceMethod);
    if (entry === undefined) return this.lookUp(serviceMethod);
    this.lastRoute = { name: serviceMethod, entry };
    return entry;
  }

  /**
   * {@link route} the long way: split at the last dot, find the service, then the method. A method
   * found is remembered in {@link routes} (bounded by the methods registered); a miss is not, so
   * that a peer sending made-up names cannot grow it.
   */
  private lookUp(serviceMethod: string): Route {
    if (serviceMethod === CANCEL_METHOD && !this.services.has('_goRPC_')) return CANCEL_ENTRY;
    const dot = serviceMethod.lastIndexOf('.');
    if (dot < 0) return 'rpc: service/method request ill-formed: ' + serviceMethod;
    const svc = this.services.get(serviceMethod.slice(0, dot));
    if (!svc) return "rpc: can't find service " + serviceMethod;
    const m = svc.methods.get(serviceMethod.slice(dot + 1));
    if (!m) return "rpc: can't find method " + serviceMethod;
    this.routes.set(serviceMethod, m);
    return m;
  }

  /**
   * server.go's readRequest and its error answer, for serveCodec and serveRequest alike: each
   * request header is routed to its method (whose argument schema decodes the body). A request
   * naming no method, or whose body failed to decode, goes to `refused` with Go's error text and
   * is then answered with it; any other goes to `serve` with its method and decoded arguments.
   */
  private routing(
    codec: ServerCodec,
    refused: (h: RequestHeader, msg: string, error: Error | undefined) => void,
    serve: (h: RequestHeader, m: MethodEntry, args: unknown) => void,
  ): Pick<ServerCodecHandler, 'requestHeader' | 'requestBody'> {
    let route: Route = '';
    return {
      requestHeader: (h) => {
        route = this.route(h.serviceMethod);
        return planFor(route);
      },
      requestBody: (h, value, error) => {
        const r = route;
        route = '';
        if (typeof r === 'string' || error) {
          // Go's text for what failed: a Go server sends the decoder's error (server.go's readRequest).
          const msg = typeof r === 'string' ? r : goText(error!);
          refused(h, msg, error);
          this.respond(codec, h, undefined, undefined, msg);
          return;
        }
        serve(h, r, value);
      },
    };
  }

  /**
   * Serves gob RPC on a connected duplex stream until it ends (Go: `Server.ServeConn`). The
   * promise resolves once the peer hung up and every call in flight was answered. Bad input
   * from the peer closes this connection only; the promise never rejects.
   */
  serveConn(stream: Duplex): Promise<void> {
    if (stream instanceof net.Socket) stream.setNoDelay(true);
    return this.serveCodec(new GobServerCodec(stream, this.options));
  }

  /**
   * Serves requests from `codec` until its input ends, then waits for the calls in flight,
   * then closes it (Go: `Server.ServeCodec`). A request whose body fails to decode gets an
   * error response and serving goes on; a header that fails to decode ends the connection.
   */
  serveCodec(codec: ServerCodec): Promise<void> {
    const conn = streamConnOf(codec);
    conn?.setWriteLimits(this.writeLimits);
    let served!: Promise<void>;
    served = new Promise<void>((resolve) => {
      const s: ServedConn = {
        codec,
        conn,
        running: new Map(),
        inFlight: 0,
        ended: false,
        done: false,
        settleQueued: false,
        resolve,
        send: sendNow,
      };
      s.send = this.sendFor(s);
      this.codecs.set(codec, () => {
        // Requests held or left unread by maxCallsInFlight are read now and refused, not cut.
        conn?.liftCallLimit();
        this.settleIfDone(s);
        return served;
      });
      codec.start({
        ...this.routing(
          codec,
          (h, msg, error) => this.refuse(codec, h, msg, error),
          (h, r, value) => this.serveCall(s, h, r, value),
        ),
        closed: (error) => this.connectionClosed(s, error),
      });
      // A connection that arrives while the server drains (through handleHTTP, say) has no call.
      if (this.draining) this.settleIfDone(s);
    });
    return served;
  }

  /** Closes a connection served by serveCodec once it is done, and resolves its promise. */
  private settleIfDone(s: ServedConn): void {
    if (s.done || (!s.ended && !this.draining) || s.inFlight > 0) return;
    // Input ended, or the server drains and this connection has answered every call.
    if (!s.ended && s.conn) {
      // The drain: the requests read already are answered first (refused), not cut by the close.
      // Inside a delivery (a handler that began the drain has just returned, its reply queued),
      // the rest of the chunk is delivered by the loop under way, and the close waits for it.
      if (s.conn.delivering) {
        if (!s.settleQueued) {
          s.settleQueued = true;
          process.nextTick(() => {
            s.settleQueued = false;
            this.settleIfDone(s);
          });
        }
        return;
      }
      s.conn.deliverBuffered();
      if (s.done || s.inFlight > 0) return;
    }
    s.done = true;
    s.codec.close();
    this.codecs.delete(s.codec);
    s.resolve();
  }

  /**
   * How a connection's replies are written. A reply from a handler that finished while the
   * connection is backed up waits as a value until it drains, so that its bytes do not pile up
   * (handlers finish whenever they like). The call stops counting against maxCallsInFlight once
   * its reply is written, which may let the connection's next request start.
   */
  private sendFor(s: ServedConn): Send {
    const conn = s.conn;
    if (!conn) return sendNow;
    return (write) => {
      s.inFlight++;
      conn.whenWritable(() => {
        write();
        s.inFlight--;
        conn.callDone();
        this.settleIfDone(s);
      });
    };
  }

  /** A request of a connection, routed to its method: a Cancel, refused while draining, held or started. */
  private serveCall(s: ServedConn, h: RequestHeader, r: MethodEntry, value: unknown): void {
    if (r === CANCEL_ENTRY) return this.cancelCall(s, h, value);
    if (this.draining) return this.refuseShuttingDown(s.codec, h);
    const call = new HandlerCall(h.serviceMethod, h.seq);
    if (s.conn?.atCallLimit) {
      // Held until a call finishes; a Cancel meanwhile aborts `call`, and it never starts.
      s.running.set(h.seq, call);
      s.conn.holdCall(() => this.startHeld(s, r, h, value, call));
      return;
    }
    this.startCall(s, r, h, value, call, false);
  }

  /**
   * Runs a connection's call, counted in flight until its reply is handed to the socket. `held`:
   * it was held at maxCallsInFlight, and so listed in `s.running` already.
   */
  private startCall(s: ServedConn, r: MethodEntry, h: RequestHeader, value: unknown, call: HandlerCall, held: boolean): void {
    // Counted while its handler runs too: a handler that calls close({ grace }) (a Shutdown
    // method) must find its own call in flight, else the drain closes the connection under it
    // and its reply is lost.
    s.inFlight++;
    const p = this.invoke(s.codec, r, h, value, call, s.send);
    if (p) {
      // Only a call still running can be cancelled or aborted: one whose handler returned
      // synchronously was answered before anything else could happen, so it is never listed.
      s.running.set(h.seq, call);
      s.conn?.callStarted();
      s.conn?.yieldTurn();
      void p.then(() => {
        forgetCall(s, h.seq, call);
        s.inFlight--;
        this.settleIfDone(s);
      });
      return;
    }
    if (held) forgetCall(s, h.seq, call);
    s.inFlight--;
    this.settleIfDone(s);
  }

  /**
   * A request held at maxCallsInFlight starts in its turn, unless it was cancelled (answered
   * as a handler that returned the signal's reason would be) or the server began to drain.
   */
  private startHeld(s: ServedConn, r: MethodEntry, h: RequestHeader, value: unknown, call: HandlerCall): void {
    if (!call.aborted && !this.draining) return this.startCall(s, r, h, value, call, true);
    forgetCall(s, h.seq, call);
    const msg = call.aborted ? errorText(call.reason ?? new DOMException('This operation was aborted', 'AbortError')) : ERR_SHUTTING_DOWN;
    debug('rpc: %s (seq %d) not started: %s', h.serviceMethod, h.seq, msg);
    this.respond(s.codec, h, undefined, undefined, msg);
  }

  /**
   * As keegancsmith/rpc's server: cancel the call if it runs, and answer false, no error.
   * Seq is the client's number for the call (the JSON id over JSON-RPC).
   */
  private cancelCall(s: ServedConn, h: RequestHeader, value: unknown): void {
    const wireSeq = (value as { Seq: bigint }).Seq;
    const clientSeq = wireSeq <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(wireSeq) : -1;
    const seq = s.codec.requestSeq ? (s.codec.requestSeq(clientSeq) ?? -1) : clientSeq;
    debug('rpc: %s of seq %d (%s)', CANCEL_METHOD, seq, s.running.has(seq) ? 'running' : 'not running');
    s.running.get(seq)?.abort(canceledByClient());
    this.respond(s.codec, h, false, CANCEL_ENTRY.reply, '');
  }

  /** A connection's input ended (or failed): its running calls are aborted, and it closes once answered. */
  private connectionClosed(s: ServedConn, error: Error | null): void {
    if (error) debug('rpc: server cannot decode request: %s', error.message);
    s.ended = true;
    const reason = error ?? (this.stopped ? cutByClose() : inputEnded());
    for (const call of s.running.values()) call.abort(reason);
    s.running.clear();
    this.settleIfDone(s);
  }

  /**
   * Answers a request that arrives while the server closes with {@link ERR_SHUTTING_DOWN}. The
   * callers' conditions differ on purpose: serveCodec refuses while draining (close() itself
   * closes its connections, and one served after a hard close is served as before), serveRequest
   * also after close(), since the HTTP server carrying its requests stays open.
   */
  private refuseShuttingDown(codec: ServerCodec, h: RequestHeader): void {
    debug('rpc: %s (seq %d) refused: %s', h.serviceMethod, h.seq, ERR_SHUTTING_DOWN);
    this.respond(codec, h, undefined, undefined, ERR_SHUTTING_DOWN);
  }

  /**
   * Serves exactly one request from `codec` and resolves once it is answered (Go:
   * `Server.ServeRequest`). Rejects with the reason when no request could be read, or with the
   * error that was sent back when the request could not be served. Does not close the codec.
   */
  serveRequest(codec: ServerCodec): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const tookOne = () => {
        codec.pause();
        settled = true;
      };
      codec.start({
        ...this.routing(
          codec,
          (h, msg, error) => {
            tookOne();
            this.refuse(codec, h, msg, error);
            reject(new RpcError(RpcErrorCode.Protocol, msg, { cause: error }));
          },
          (h, r, value) => {
            tookOne();
            // As a connection's requests during close(): refused once the server drains or stopped.
            if (this.draining || this.stopped) {
              this.refuseShuttingDown(codec, h);
              resolve();
              return;
            }
            const call = new HandlerCall(h.serviceMethod, h.seq);
            // Tracked so that close() waits for it (with grace) or aborts its signal; from before
            // its handler starts, so that a handler calling close({ grace }) is waited for too.
            let answered!: () => void;
            this.requests.set(call, new Promise<void>((res) => (answered = res)));
            const finished = () => {
              this.requests.delete(call);
              answered();
              resolve();
            };
            const p = this.invoke(codec, r, h, value, call, sendNow);
            if (p) void p.then(finished);
            else finished();
          },
        ),
        closed: (error) => {
          if (settled) return;
          settled = true;
          reject(error ?? new RpcError(RpcErrorCode.Eof, 'EOF'));
        },
      });
    });
  }

  /**
   * server.go's service.call: counts the call, runs the handler, and writes its reply or its
   * error (an asynchronous handler's through `send`). Returns a promise only when the handler is
   * asynchronous; it settles once the reply was handed to `send`.
   */
  private invoke(
    codec: ServerCodec,
    m: MethodEntry,
    h: RequestHeader,
    args: unknown,
    ctx: HandlerCall,
    send: Send,
  ): Promise<void> | undefined {
    m.numCalls++;
    if (this.chain) return this.intercept(this.chain, codec, m, h, args, ctx.signal, send);
    let result: unknown;
    try {
      result = m.handler.call(m.self, args, ctx);
    } catch (e) {
      this.fail(codec, h, e);
      return undefined;
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        (reply) => send(() => this.respond(codec, h, reply, m.reply, '')),
        (e) => send(() => this.fail(codec, h, e)),
      );
    }
    this.respond(codec, h, result, m.reply, '');
    return undefined;
  }

  /** {@link invoke} through the interceptors: always asynchronous, as `next()` returns a promise. */
  private intercept(
    chain: (ctx: ServerCallContext) => Promise<unknown>,
    codec: ServerCodec,
    m: MethodEntry,
    h: RequestHeader,
    args: unknown,
    signal: AbortSignal,
    send: Send,
  ): Promise<void> {
    const dot = h.serviceMethod.lastIndexOf('.');
    const ctx: CallState = {
      serviceMethod: h.serviceMethod,
      service: h.serviceMethod.slice(0, dot),
      method: h.serviceMethod.slice(dot + 1),
      seq: h.seq,
      args,
      signal,
      remoteAddress: streamConnOf(codec)?.remoteAddress,
      state: {},
      entry: m,
    };
    Object.defineProperty(ctx, 'entry', { enumerable: false });
    return chain(ctx).then(
      (reply) => send(() => this.respond(codec, h, reply, m.reply, '')),
      (e) => send(() => this.fail(codec, h, e)),
    );
  }

  /** Answers a call whose handler threw `e` (any value) with its error text, and reports it. */
  private fail(codec: ServerCodec, h: RequestHeader, e: unknown): void {
    const message = errorText(e);
    // Under NODE_DEBUG=gobrpc the server's loggingInterceptor has logged this failure already.
    this.report(codec, h, e, message, 'handler', false);
    this.respond(codec, h, undefined, undefined, message);
  }

  /**
   * A request not served (before {@link routing} answers it with `msg`): logged under
   * `NODE_DEBUG=gobrpc` with its call, seq and peer, and, when its method exists but its
   * arguments did not decode, reported as a failure of the call with the local error (its path,
   * and any hint that `msg`, Go's text, leaves out).
   */
  private refuse(codec: ServerCodec, h: RequestHeader, msg: string, error: Error | undefined): void {
    if (error === undefined) {
      debug('rpc: %s seq %d from %s: refused: %s', h.serviceMethod, h.seq, peerOf(codec), msg);
      return;
    }
    const path = (error as { path?: string }).path;
    debug(
      'rpc: %s seq %d from %s: arguments failed to decode%s: %s',
      h.serviceMethod,
      h.seq,
      peerOf(codec),
      path ? ` at ${path}` : '',
      error.message,
    );
    this.report(codec, h, error, msg, 'arguments', false);
  }

  /**
   * Makes a call's failure visible: logged under `NODE_DEBUG=gobrpc` (one line, its text)
   * unless `log` is false, and passed to the `onHandlerError` hook.
   */
  private report(codec: ServerCodec, h: RequestHeader, error: unknown, message: string, stage: HandlerFailure['stage'], log = true): void {
    if (log) debug('rpc: %s (seq %d) failed: %s', h.serviceMethod, h.seq, message);
    const hook = this.options.onHandlerError;
    if (!hook) return;
    try {
      const remoteAddress = streamConnOf(codec)?.remoteAddress;
      const done = hook({ serviceMethod: h.serviceMethod, seq: h.seq, error, message, stage, remoteAddress });
      if (done != null && typeof (done as PromiseLike<void>).then === 'function') {
        (done as PromiseLike<void>).then(undefined, (e: unknown) => debug('rpc: onHandlerError threw: %s', errorText(e)));
      }
    } catch (e) {
      debug('rpc: onHandlerError threw: %s', errorText(e));
    }
  }

  /**
   * server.go's sendResponse. A reply that does not fit its schema becomes an error response
   * (Go closes the connection instead, having logged `rpc: gob error encoding body`).
   */
  private respond(codec: ServerCodec, h: RequestHeader, reply: unknown, schema: Schema | undefined, error: string): void {
    const header = { serviceMethod: h.serviceMethod, seq: h.seq, error };
    this.busyPoll?.extend();
    try {
      codec.writeResponse(header, reply, schema);
    } catch (e) {
      const msg = 'rpc: error encoding reply: ' + errorText(e);
      if (error !== '') {
        debug('%s (%s)', msg, h.serviceMethod);
        return;
      }
      // A reply that does not fit its schema is the handler's failure too.
      this.report(codec, h, e, msg, 'reply');
      try {
        codec.writeResponse({ ...header, error: msg }, undefined, undefined);
      } catch (e2) {
        debug('rpc: writing response: %s', errorText(e2));
      }
    }
  }

  /**
   * Serves every connection `listener` accepts (Go: `Server.Accept`), with gob unless `serve`
   * says otherwise (the JSON-RPC codec passes its own); {@link close} closes the listener. Create the listener with
   * `allowHalfOpen: true` so that calls in flight are still answered after the peer's FIN, as Go.
   * Without `serve`, a plain (not TLS) socket is read into memory of the connection's own, as a
   * dialed one: it emits no `'data'` events (`'end'`, `'close'` and `'error'` as usual).
   */
  accept(listener: net.Server, serve?: (socket: net.Socket) => Promise<void>): void {
    this.listeners.add(listener);
    // A TLS server's 'connection' is the raw socket before the handshake; serve the secure one.
    const event = listener instanceof tls.Server ? 'secureConnection' : 'connection';
    const serveSocket =
      serve ??
      ((socket: net.Socket) => {
        readDirectly(socket);
        return this.serveConn(socket);
      });
    listener.on(event, (socket: net.Socket) => void serveSocket(socket));
    listener.once('close', () => this.listeners.delete(listener));
  }

  /**
   * Listens on TCP and serves every connection (Go: `net.Listen` then `Accept`), with gob unless
   * `serve` says otherwise. Default address: 127.0.0.1, port 0 (any free port; read it from the
   * returned server's `address()`). Its sockets are read as {@link accept} says.
   */
  listen(port = 0, host = '127.0.0.1', serve?: (socket: net.Socket) => Promise<void>): Promise<net.Server> {
    const listener = net.createServer({ allowHalfOpen: true, noDelay: true });
    this.accept(listener, serve);
    return new Promise((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(port, host, () => {
        listener.removeListener('error', reject);
        resolve(listener);
      });
    });
  }

  /**
   * Serves net/rpc over HTTP on a `node:http` server (Go: `Server.HandleHTTP`): CONNECT on
   * `rpcPath` (default `/_goRPC_`) switches the connection to RPC, other methods there get
   * `405 must CONNECT`, and `debugPath` (default `/debug/rpc`) serves the debug page. Other
   * routes are left to the server's own request handlers.
   */
  handleHTTP(httpServer: http.Server, options: HandleHTTPOptions = {}): void {
    routeHTTP(this, httpServer, options);
  }

  /** @internal Whether {@link close} with a grace period is under way (or done): no new connection is served. */
  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * Stops every listener given to {@link accept} or made by {@link listen}, then closes every
   * connection being served (Go has no counterpart: its listeners are closed by their owner).
   *
   * With `grace` (milliseconds), the server drains first, as Node's `http.Server.close()`: calls
   * in flight run to the end and their replies are written, each connection is closed once it has
   * no call left, and requests that arrive meanwhile are answered with {@link ERR_SHUTTING_DOWN};
   * when the grace period ends, what is left is cut as below. The promise resolves once every
   * connection is closed. A handler may begin it (an admin Shutdown method): its own call is in
   * flight, so its reply is written before its connection closes.
   *
   * Without it (the hard stop, as grpc-js `forceShutdown`), calls in flight are cut and their
   * signals aborted. Queued replies are handed to the operating system first; a connection whose
   * peer does not take them all at once is destroyed instead of ended, so that closing never
   * waits on a peer. A close without `grace` during a graceful one cuts it short: both promises
   * resolve once the connections are closed. Throws a RangeError when `grace` is negative or not a number,
   * or finite beyond 2^31 - 1 ms (Node's timer limit; `Infinity` waits for every call).
   *
   * Calls served one at a time by {@link serveRequest} (JSON-RPC over HTTP POST) follow the same
   * rules: the drain waits for them, new ones are answered {@link ERR_SHUTTING_DOWN} from the drain
   * on (and after the close), and the hard stop aborts their signals. The `http.Server` carrying
   * them is not closed: its owner closes it.
   */
  async close(options: ServerCloseOptions = {}): Promise<void> {
    const grace = options.grace ?? 0;
    if (typeof grace !== 'number' || !(grace >= 0))
      throw new RangeError(`gobrpc: grace must be a number of milliseconds >= 0, got ${String(grace)}`);
    checkTimerMs('grace', grace);
    const closing = [...this.listeners].map((l) => new Promise<void>((res) => l.close(() => res())));
    if (grace > 0 && (this.codecs.size > 0 || this.requests.size > 0)) {
      this.draining = true;
      const drained = Promise.all([...[...this.codecs.values()].map((drain) => drain()), ...this.requests.values()]);
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<void>((res) => {
        if (Number.isFinite(grace)) timer = setTimeout(res, grace);
        this.cutShort.push(res);
      });
      await Promise.race([drained, expired]);
      clearTimeout(timer);
    }
    this.stopped = true;
    for (const cut of this.cutShort.splice(0)) cut();
    // A single request (an HTTP POST) has no connection to cut: its handler's signal is aborted,
    // and the request answers with whatever the handler then returns or throws.
    for (const call of this.requests.keys()) call.abort(cutByClose());
    this.requests.clear();
    for (const c of this.codecs.keys()) {
      const conn = streamConnOf(c);
      if (conn) conn.closeNow();
      else c.close();
    }
    this.codecs.clear();
    await Promise.all(closing);
  }
}

/** The first read slab of an accepted socket (see {@link readDirectly}): small, as most connections send little. */
const ACCEPTED_FIRST_SLAB = 2 << 10;

/** Node's own keys for a net.Socket's `onread` state (lib/net.js), found on the first socket accepted; null where absent. */
let onreadKeys: { buffer: symbol; callback: symbol; generate: symbol } | null | undefined;

/**
 * @internal Has a socket a listener just accepted read into memory of its own ({@link DirectReads}), as the
 * sockets the dialers make do: Node's `onread` option, which `net.Server` does not offer for the
 * sockets it accepts, set as the socket's constructor sets it. Node's per-read buffer and the
 * Readable stream a chunk goes through cost about a fifth of a small call's CPU time on a busy
 * server. A TLS socket, one something already reads or has read from, and a Node whose sockets
 * lack that state are left as they are (served through 'data', as before).
 */
export function readDirectly(socket: net.Socket): void {
  if (socket instanceof tls.TLSSocket || socket.destroyed || socket.readableLength > 0 || socket.listenerCount('data') > 0) return;
  const handle = (socket as unknown as { _handle?: { useUserBuffer?: unknown } })._handle;
  if (typeof handle?.useUserBuffer !== 'function') return;
  if (onreadKeys === undefined) {
    const keys = Object.getOwnPropertySymbols(socket);
    const key = (name: string) => keys.find((k) => k.description === name);
    const [buffer, callback, generate] = [key('kBuffer'), key('kBufferCb'), key('kBufferGen')];
    onreadKeys = buffer && callback && generate ? { buffer, callback, generate } : null;
  }
  const keys = onreadKeys;
  const state = socket as unknown as Record<symbol, unknown>;
  if (keys === null || state[keys.buffer] !== null || state[keys.generate] !== null) return;
  const reads = new DirectReads(ACCEPTED_FIRST_SLAB);
  const first = reads.onread.buffer();
  state[keys.buffer] = first;
  state[keys.callback] = reads.onread.callback;
  state[keys.generate] = reads.onread.buffer;
  (handle.useUserBuffer as (buf: Uint8Array) => void).call(handle, first);
  (socket as net.Socket & { [DIRECT_READS]?: DirectReads })[DIRECT_READS] = reads;
}

/** Drops `call` from its connection's running calls, unless another call now holds its seq. */
function forgetCall(s: ServedConn, seq: number | bigint, call: HandlerCall): void {
  if (s.running.get(seq) === call) s.running.delete(seq);
}

/** A byte limit from the options: `fallback` when absent, else a positive number (or zero, when `zeroAllowed`). */
function byteLimit(name: string, value: number | undefined, fallback: number, zeroAllowed = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(zeroAllowed ? value >= 0 : value > 0))
    throw new RangeError(`gobrpc: ${name} must be a ${zeroAllowed ? 'non-negative' : 'positive'} number of bytes, got ${String(value)}`);
  return value;
}

function callLimit(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_CALLS_IN_FLIGHT;
  if (typeof value !== 'number' || !(value >= 1) || (!Number.isInteger(value) && value !== Infinity)) {
    throw new RangeError(`gobrpc: maxCallsInFlight must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** The peer's address for a log line: `127.0.0.1:51234`, or `a stream` when the connection is not a socket. */
function peerOf(codec: ServerCodec): string {
  return streamConnOf(codec)?.remoteAddress ?? 'a stream';
}

function planFor(route: Route): BodyPlan {
  return typeof route === 'string' ? DISCARD : route.args;
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as PromiseLike<unknown>).then === 'function';
}

/**
 * Serves net/rpc on an HTTP server (Go: `Server.HandleHTTP`, on the server's own routes rather
 * than a global mux). A CONNECT to `rpcPath` is answered `HTTP/1.0 200 Connected to Go RPC`
 * and the connection then speaks gob RPC; other methods on `rpcPath` get Go's `405 must
 * CONNECT`; `debugPath` serves Go's debug page (to a CONNECT too, as Go's ServeMux). Every
 * other request goes to the server's request listeners, those it had when this was called and
 * those added since (only with none at all does it get Go's `404 page not found`, and an unclean
 * path Go's `307`; a listener added later also sees requests to `rpcPath` and `debugPath`, already
 * answered: check `res.writableEnded`); every other CONNECT to the server's own 'connect'
 * listeners (or Go's `404 page not found`, and the connection closed, if it has none). Go's
 * client writes bare LF line ends, which Node's parser refuses: the first request head of every
 * connection is made CRLF before Node parses it. Call it after adding your own handlers.
 */
export function handleHTTP(rpc: Server, httpServer: http.Server, options: HandleHTTPOptions = {}): void {
  rpc.handleHTTP(httpServer, options);
}

/**
 * An HTTP server that serves only net/rpc (Go: `HandleHTTP` then `http.Serve` with the default
 * mux): listen on it as on any `node:http` server. Request listeners added to it later serve
 * every path but `rpcPath` and `debugPath` (which stay the library's), as on {@link handleHTTP}.
 *
 * `Server.close()` does not close it (its owner does): on shutdown call its `close()` (no new
 * connections) and then `await rpc.close({ grace })` (the calls under way are answered), or it
 * keeps listening, and the process alive, after the drain.
 */
export function createHTTPServer(rpc: Server, options: HandleHTTPOptions = {}): http.Server {
  const server = http.createServer();
  server.on('clientError', answerClientError);
  rpc.handleHTTP(server, options);
  return server;
}
