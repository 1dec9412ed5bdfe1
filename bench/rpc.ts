// The RPC part of `make bench`: calls/s of Arith.Multiply over TCP, HTTP CONNECT and jsonrpc,
// sequential, 64 in flight on one connection, on 16 and 128 connections, and a 1 MiB []byte echo, for TypeScript
// client → Go server and Go client → TypeScript server, each as a ratio to Go client → Go server
// (two processes) measured in the same round; plus a bare Node socket ping-pong of the same bytes
// and a bare Node client of Go's server (no library code: what bounds the sequential figures),
// and Go's client on 128 connections against the TypeScript server on every core (serveCluster,
// examples/cluster.ts) beside Go's server, which uses the same cores.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createServer, connect, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { Encoder, t, Writer } from '../src/gob/index.js';
import { dial, dialHTTP, createHTTPServer, defineService, requestSchema, responseSchema, Server, type Client } from '../src/rpc/index.js';
import * as jsonrpc from '../src/jsonrpc/index.js';
import { Arith, Args, arithImpl } from '../examples/arith.js';
import { runGo, startGo, startProcess } from '../test/helpers/goproc.js';

export type Transport = 'tcp' | 'http' | 'jsonrpc';

/** One row: how the calls are made. */
export interface Shape {
  label: string;
  transport: Transport;
  /** Calls in flight on each connection. */
  width: number;
  conns: number;
  /** Call Bytes.Echo with this many bytes instead of Arith.Multiply. */
  echo?: number;
  /** The TypeScript client's and server's `busyPoll` option, µs (Go's side is as ever). */
  busyPoll?: number;
}

/** The echo service the bench servers register (Go: services.Bytes, with arith -bytes). */
const BytesService = defineService('Bytes', { Echo: { args: t.bytes, reply: t.bytes } });

/** Go's payload for -echo n: byte i is i*7 mod 256. */
function payload(n: number): Uint8Array {
  const p = new Uint8Array(n);
  for (let i = 0; i < n; i++) p[i] = (i * 7) & 0xff;
  return p;
}

const ALL_SHAPES: Shape[] = [
  { label: 'TCP, sequential', transport: 'tcp', width: 1, conns: 1 },
  { label: 'HTTP CONNECT, sequential', transport: 'http', width: 1, conns: 1 },
  { label: 'jsonrpc, sequential', transport: 'jsonrpc', width: 1, conns: 1 },
  { label: 'TCP, 64 in flight on one connection', transport: 'tcp', width: 64, conns: 1 },
  { label: 'TCP, 16 connections', transport: 'tcp', width: 1, conns: 16 },
  { label: 'TCP, 128 connections', transport: 'tcp', width: 1, conns: 128 },
  { label: 'TCP, 1 MiB []byte echo, sequential', transport: 'tcp', width: 1, conns: 1, echo: 1 << 20 },
  { label: 'TCP, sequential, busyPoll: 200 (µs)', transport: 'tcp', width: 1, conns: 1, busyPoll: 200 },
];

/**
 * BENCH_RPC_SHAPES, a comma-separated list of words, keeps only the rows whose label contains
 * one of them (`BENCH_RPC_SHAPES=echo node build/bench/run.js rpc`), and leaves out the figures
 * beside the table (bare ping-pong, node:cluster): for measuring one row, repeated, while working
 * on it. Unset, every row runs.
 */
const SHAPE_FILTER = process.env.BENCH_RPC_SHAPES?.split(',').filter((w) => w !== '');

export const SHAPES: Shape[] = SHAPE_FILTER ? ALL_SHAPES.filter((s) => SHAPE_FILTER.some((w) => s.label.includes(w))) : ALL_SHAPES;

/** What one side measured: calls/s, and CPU time (user and system) per call in µs. */
interface Measured {
  rate: number;
  cpuPerCall: number;
}

/**
 * Calls/s over `seconds` with `width` calls always in flight on each client (after a short
 * warm-up), and this process's CPU time per measured call.
 */
async function drive(seconds: number, clients: Client[], width: number, echo = 0): Promise<Measured> {
  const stubs = clients.map((c) => c.service(Arith));
  const echoes = clients.map((c) => c.service(BytesService));
  const data = payload(echo);
  const run = async (ms: number): Promise<number> => {
    const stop = performance.now() + ms;
    let calls = 0;
    await Promise.all(
      stubs.flatMap((arith, c) =>
        Array.from({ length: width }, async (_, w) => {
          if (echo > 0) {
            while (performance.now() < stop) {
              const r = await echoes[c]!.Echo(data);
              if (Buffer.compare(r, data) !== 0) throw new Error('bench: Bytes.Echo reply differs');
              calls++;
            }
            return;
          }
          for (let i = w; performance.now() < stop; i += width) {
            const r = await arith.Multiply({ A: i % 1000, B: 3 });
            if (r !== (i % 1000) * 3) throw new Error(`bench: wrong reply ${String(r)} for call ${i}`);
            calls++;
          }
        }),
      ),
    );
    return calls;
  };
  await run(Math.min(500, seconds * 250));
  const start = performance.now();
  const cpu = process.cpuUsage();
  const calls = await run(seconds * 1000);
  const used = process.cpuUsage(cpu);
  return { rate: calls / ((performance.now() - start) / 1000), cpuPerCall: (used.user + used.system) / calls };
}

/** What Go's client reported: calls/s, calls measured, and its CPU µs per measured call. */
interface GoRun {
  rate: number;
  /** Measured calls. */
  calls: number;
  cpuPerCall: number;
}

/**
 * The user and system CPU time, in µs, process `pid` has used so far (Linux's /proc, in clock
 * ticks of 10 ms), or NaN where there is no /proc.
 */
function processCpu(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name in parentheses; utime and stime are the 14th and 15th.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10_000;
  } catch {
    return Number.NaN;
  }
}

/**
 * Go's client (interop/rpcbench) against `addr`, or against a server in its own process;
 * `mark` is called when its measured calls start and when they end.
 */
async function goClient(addr: string | undefined, shape: Shape, seconds: number, mark?: () => void): Promise<GoRun> {
  const args = [
    '-mode',
    shape.transport,
    '-seconds',
    String(seconds),
    '-concurrency',
    String(shape.width),
    '-conns',
    String(shape.conns),
    '-echo',
    String(shape.echo ?? 0),
  ];
  if (addr) args.push('-addr', addr);
  // Each line it prints is a mark: "measuring" starts the measured calls, the JSON line ends them.
  const onSpawn = mark
    ? (p: ChildProcess) => p.stdout!.on('data', (d: Buffer) => d.forEach((b) => void (b === 0x0a && mark())))
    : undefined;
  const r = await runGo('rpcbench', args, { timeoutMs: (seconds + 60) * 1000, onSpawn });
  if (r.code !== 0) throw new Error(`rpcbench failed: ${r.stderr}`);
  const out = JSON.parse(r.lines[r.lines.length - 1]!) as {
    callsPerSec: number;
    calls: number;
    warmCalls: number;
    cpuMicrosPerCall: number;
  };
  return { rate: out.callsPerSec, calls: out.calls, cpuPerCall: out.cpuMicrosPerCall };
}

/**
 * Go's client against a server, with the server's CPU time per measured call: of this process
 * (`pid` undefined: the TypeScript server) or of process `pid` (Go's), sampled when the client
 * says its measured calls start and end.
 */
async function goClientMeasuringServer(
  addr: string,
  shape: Shape,
  seconds: number,
  pid?: number,
): Promise<GoRun & { serverCpuPerCall: number }> {
  const ownCpu = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  const cpu = pid === undefined ? ownCpu : () => processCpu(pid);
  const samples: number[] = [];
  const run = await goClient(addr, shape, seconds, () => samples.push(cpu()));
  return { ...run, serverCpuPerCall: samples.length >= 2 ? (samples[1]! - samples[0]!) / run.calls : Number.NaN };
}

function tsDial(transport: Transport, addr: string, busyPoll?: number): Promise<Client> {
  if (transport === 'http') return dialHTTP(addr, { busyPoll });
  if (transport === 'jsonrpc') return jsonrpc.dial(addr, { busyPoll });
  return dial(addr, { busyPoll });
}

/**
 * The bytes of one Arith.Multiply call on a gob connection after its first call (type
 * definitions already sent): request header and args, response header and reply.
 */
function steadyCallBytes(): { request: Uint8Array; response: Uint8Array } {
  const second = (write: (enc: Encoder, out: Writer, seq: number) => void): Uint8Array => {
    const enc = new Encoder();
    const out = new Writer(256);
    write(enc, out, 1);
    out.reset();
    write(enc, out, 2);
    return out.take();
  };
  return {
    request: second((enc, out, seq) => {
      enc.encodeTo(out, requestSchema, { ServiceMethod: 'Arith.Multiply', Seq: seq });
      enc.encodeTo(out, Args, { A: 999, B: 3 });
    }),
    response: second((enc, out, seq) => {
      enc.encodeTo(out, responseSchema, { ServiceMethod: 'Arith.Multiply', Seq: seq, Error: '' });
      enc.encodeTo(out, Arith.methods.Multiply.reply, 2997);
    }),
  };
}

/**
 * A bare Node socket ping-pong in one process, with no library code: the client writes one
 * call's request bytes and waits for the response bytes, which the server writes back once a
 * whole request has arrived. Sequential calls/s: what Node's I/O alone allows.
 */
async function barePingPong(seconds: number): Promise<number> {
  const { request, response } = steadyCallBytes();
  const server: NetServer = createServer((s: Socket) => {
    s.setNoDelay(true);
    let got = 0;
    s.on('data', (d: Buffer) => {
      got += d.length;
      while (got >= request.length) {
        got -= request.length;
        s.write(response);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const sock = connect((server.address() as AddressInfo).port, '127.0.0.1');
  sock.setNoDelay(true);
  await once(sock, 'connect');
  const rate = await bareCalls(sock, request, response.length, seconds);
  sock.destroy();
  server.close();
  return rate;
}

/**
 * Sequential calls/s of a client with no library code on the connected `sock`: it writes
 * `request` and waits for `responseLength` bytes, again and again (after a short warm-up).
 */
async function bareCalls(sock: Socket, request: Uint8Array, responseLength: number, seconds: number): Promise<number> {
  let pending: (() => void) | undefined;
  let got = 0;
  sock.on('data', (d: Buffer) => {
    got += d.length;
    if (got >= responseLength) {
      got -= responseLength;
      pending?.();
    }
  });
  const call = () =>
    new Promise<void>((resolve) => {
      pending = resolve;
      sock.write(request);
    });
  const run = async (ms: number) => {
    const stop = performance.now() + ms;
    let calls = 0;
    while (performance.now() < stop) {
      await call();
      calls++;
    }
    return calls;
  };
  await run(Math.min(500, seconds * 250));
  const start = performance.now();
  const calls = await run(seconds * 1000);
  return calls / ((performance.now() - start) / 1000);
}

/**
 * {@link bareCalls} against Go's TCP server at `addr`: the first call (Seq 0, with the type
 * definitions both ways) is made and its whole answer awaited, then the steady call's bytes are
 * sent over and over (Go's server echoes whatever Seq comes). What a Node client with no library
 * code gets from Go's server: the bound of the TypeScript client's sequential figure.
 */
async function bareClientToGo(addr: string, seconds: number): Promise<number> {
  const first = (write: (enc: Encoder, out: Writer) => void): Uint8Array => {
    const out = new Writer(256);
    write(new Encoder(), out);
    return out.take();
  };
  const firstRequest = first((enc, out) => {
    enc.encodeTo(out, requestSchema, { ServiceMethod: 'Arith.Multiply', Seq: 0 });
    enc.encodeTo(out, Args, { A: 999, B: 3 });
  });
  const firstResponse = first((enc, out) => {
    enc.encodeTo(out, responseSchema, { ServiceMethod: 'Arith.Multiply', Seq: 0, Error: '' });
    enc.encodeTo(out, Arith.methods.Multiply.reply, 2997);
  });
  const { request, response } = steadyCallBytes();
  const i = addr.lastIndexOf(':');
  const sock = connect(Number(addr.slice(i + 1)), addr.slice(0, i));
  sock.setNoDelay(true);
  await once(sock, 'connect');
  await new Promise<void>((resolve, reject) => {
    let got = 0;
    const timer = setTimeout(() => reject(new Error("bench: Go's server did not answer the bare client's first call")), 10_000);
    const onData = (d: Buffer) => {
      got += d.length;
      if (got < firstResponse.length) return;
      clearTimeout(timer);
      sock.off('data', onData);
      if (got > firstResponse.length) reject(new Error("bench: Go's first answer is not the bytes expected"));
      else resolve();
    };
    sock.on('data', onData);
    sock.write(firstRequest);
  });
  const rate = await bareCalls(sock, request, response.length, seconds);
  sock.destroy();
  return rate;
}

export interface RpcRow {
  shape: Shape;
  /** Per round: TypeScript client → Go server ÷ Go → Go. */
  tsToGo: number[];
  /** Per round: Go client → TypeScript server ÷ Go → Go. */
  goToTs: number[];
  /** Go → Go calls/s, per round. */
  goToGo: number[];
  /**
   * CPU time (user and system) per call in µs, per round, of each side: the TypeScript and Go
   * clients against Go's server, and the TypeScript and Go servers under Go's client, over the
   * measured calls. Less bent by a loaded
   * machine than calls/s, and it shows what one core can do: the TypeScript side runs on one.
   */
  cpu: { tsClient: number[]; goClient: number[]; tsServer: number[]; goServer: number[] };
}

export interface RpcFigures {
  rows: RpcRow[];
  /** Go's client on 128 connections against the TypeScript server on `workers` node:cluster workers. */
  cluster: { workers: number; goToTs: number[]; goToGo: number[] };
  /** Per round: TypeScript → TypeScript sequential over TCP in one process, and the bare ping-pong, calls/s. */
  tsToTs: number[];
  bare: number[];
  /**
   * Per round, back to back: a client with no library code and the TypeScript client, each
   * making sequential calls to Go's TCP server, calls/s.
   */
  bareToGo: number[];
  tsSeqToGo: number[];
}

/** `rounds` rounds of every shape, each figure measured for `seconds`. */
export async function rpcBench(seconds: number, rounds: number): Promise<RpcFigures> {
  const cleanups: Array<() => unknown> = [];
  try {
    const goServer = new Map<Transport, { addr: string; pid: number | undefined }>();
    const tsAddr = new Map<Transport, string>();
    const rpc = new Server().register(Arith, arithImpl).register(BytesService, { Echo: (b) => b });
    for (const transport of ['tcp', 'http', 'jsonrpc'] as const) {
      const go = await startGo('arith', ['-mode', transport, '-bytes'], (fn) => cleanups.push(fn));
      goServer.set(transport, { addr: go.addr, pid: go.proc.pid });
      let listener: NetServer;
      if (transport === 'tcp') listener = await rpc.listen(0, '127.0.0.1');
      else if (transport === 'jsonrpc') listener = await jsonrpc.listen(rpc, 0, '127.0.0.1');
      else {
        listener = createHTTPServer(rpc).listen(0, '127.0.0.1');
        await once(listener, 'listening');
      }
      const l = listener;
      cleanups.push(() => new Promise((resolve) => l.close(resolve)));
      tsAddr.set(transport, `127.0.0.1:${(listener.address() as AddressInfo).port}`);
    }
    cleanups.push(() => rpc.close());
    // The server of the busyPoll rows, when they run: the same service, polling after each reply.
    let pollingAddr = '';
    const polling = SHAPES.find((s) => s.busyPoll);
    if (polling) {
      const pollingServer = new Server({ busyPoll: polling.busyPoll }).register(Arith, arithImpl);
      const pollingListener = await pollingServer.listen(0, '127.0.0.1');
      cleanups.push(() => pollingServer.close());
      pollingAddr = `127.0.0.1:${(pollingListener.address() as AddressInfo).port}`;
    }
    const workers = availableParallelism();
    const clusterServer = await startProcess(
      process.execPath,
      [fileURLToPath(new URL('../examples/cluster.js', import.meta.url)), '--workers', String(workers), '--stop-on-stdin-end'],
      (fn) => cleanups.push(fn),
    );
    cleanups.push(() => {
      // Stdin's end is the cluster's clean stop (the kill registered above is the fallback).
      clusterServer.proc.stdin!.end();
      return clusterServer.exited;
    });
    const cluster = { workers, goToTs: [] as number[], goToGo: [] as number[] };
    const clusterShape = ALL_SHAPES.find((s) => s.conns === 128)!;
    const clientsFor = async (shape: Shape, addr: string): Promise<Client[]> => {
      const cs = await Promise.all(Array.from({ length: shape.conns }, () => tsDial(shape.transport, addr, shape.busyPoll)));
      cleanups.push(() => cs.forEach((c) => c.close()));
      return cs;
    };
    const rows: RpcRow[] = SHAPES.map((shape) => ({
      shape,
      tsToGo: [],
      goToTs: [],
      goToGo: [],
      cpu: { tsClient: [], goClient: [], tsServer: [], goServer: [] },
    }));
    const tsToTs: number[] = [];
    const bare: number[] = [];
    const bareToGo: number[] = [];
    const tsSeqToGo: number[] = [];
    const seqTcp = ALL_SHAPES[0]!;
    const tsClients = await clientsFor(seqTcp, tsAddr.get('tcp')!);
    for (let r = 0; r < rounds; r++) {
      for (const row of rows) {
        const { shape } = row;
        // Go -> Go before and after the two TypeScript figures, averaged: on a shared machine
        // the load drifts within a round, and this keeps the drift out of the ratios.
        const go = goServer.get(shape.transport)!;
        const before = await goClientMeasuringServer(go.addr, shape, seconds, go.pid);
        const clients = await clientsFor(shape, go.addr);
        const tsGo = await drive(seconds, clients, shape.width, shape.echo);
        clients.forEach((c) => c.close());
        const goTs = await goClientMeasuringServer(shape.busyPoll ? pollingAddr : tsAddr.get(shape.transport)!, shape, seconds);
        const after = await goClientMeasuringServer(go.addr, shape, seconds, go.pid);
        const goGo = (before.rate + after.rate) / 2;
        row.goToGo.push(goGo);
        row.tsToGo.push(tsGo.rate / goGo);
        row.goToTs.push(goTs.rate / goGo);
        row.cpu.tsClient.push(tsGo.cpuPerCall);
        row.cpu.goClient.push((before.cpuPerCall + after.cpuPerCall) / 2);
        row.cpu.tsServer.push(goTs.serverCpuPerCall);
        row.cpu.goServer.push((before.serverCpuPerCall + after.serverCpuPerCall) / 2);
      }
      if (SHAPE_FILTER) continue;
      tsToTs.push((await drive(seconds, tsClients, 1)).rate);
      bare.push(await barePingPong(seconds));
      const goTcpAddr = goServer.get('tcp')!.addr;
      const seqClients = await clientsFor(seqTcp, goTcpAddr);
      tsSeqToGo.push((await drive(seconds, seqClients, 1)).rate);
      seqClients.forEach((c) => c.close());
      bareToGo.push(await bareClientToGo(goTcpAddr, seconds));
      const goTcp = goServer.get('tcp')!.addr;
      const before = (await goClient(goTcp, clusterShape, seconds)).rate;
      const goCluster = (await goClient(clusterServer.addr, clusterShape, seconds)).rate;
      const goGo = (before + (await goClient(goTcp, clusterShape, seconds)).rate) / 2;
      cluster.goToGo.push(goGo);
      cluster.goToTs.push(goCluster / goGo);
    }
    return { rows, cluster, tsToTs, bare, bareToGo, tsSeqToGo };
  } finally {
    for (const fn of cleanups.reverse()) await fn();
  }
}
