// Go's net/rpc clients (interop/arithclient, helloclient, calcclient, matrixclient, stress)
// against the TypeScript server over TCP and HTTP CONNECT: their exact output lines and exit
// status. When run as a child process (GOBRPC_RPC_CHILD set) this file is instead a TypeScript
// Matrix server that a test kills under a Go client.
import assert from 'node:assert/strict';
import type http from 'node:http';
import type net from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createHTTPServer, Server, type ServiceImpl } from '../../src/rpc/index.js';
import {
  Arith,
  arithImpl,
  CalcService,
  HelloService,
  makePayload,
  Matrix,
  matrixRegistry,
  runGo,
  startProcess,
} from '../helpers/goproc.js';

const helloImpl: ServiceImpl<typeof HelloService> = { Hello: (s) => 'Hello, ' + s };

const calcImpl: ServiceImpl<typeof CalcService> = {
  CalcTwoNumber({ Number1: a, Number2: b, Operator: op }) {
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return a / b;
      default:
        throw new Error(`unsupported operator: ${op}`);
    }
  },
  GetOperators: () => ['+', '-', '*', '/'],
};

const matrixImpl: ServiceImpl<typeof Matrix> = {
  Echo: (p) => p,
  EchoMany(n) {
    if (n < 0) throw new Error('negative count');
    return Array.from({ length: n }, (_, i) => makePayload(i));
  },
  Big(n) {
    if (n < 0) throw new Error('negative size');
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = i % 251;
    return b;
  },
  Sum: (xs) =>
    BigInt.asIntN(
      64,
      xs.reduce((a, b) => a + b, 0n),
    ),
  Fail(msg) {
    throw new Error(msg);
  },
  Sleep: (ms) => new Promise((res) => setTimeout(() => res(ms), ms)),
  Crash(code) {
    throw new Error(`not crashing with ${code}: the TypeScript server is killed by its test instead`);
  },
};

function newServer(): Server {
  return new Server({ registry: matrixRegistry() })
    .register(Arith, arithImpl)
    .register(HelloService, helloImpl)
    .register(CalcService, calcImpl)
    .register(Matrix, matrixImpl);
}

if (process.env.GOBRPC_RPC_CHILD) {
  // Child mode: a TypeScript Matrix server whose Echo never answers, so that the test can kill
  // this process while a Go client waits for it. Exits when stdin closes, as the Go servers do.
  const s = new Server({ registry: matrixRegistry() }).register(Matrix, {
    ...matrixImpl,
    Echo: () => {
      process.stdout.write('echo started\n');
      return new Promise(() => {});
    },
  });
  const l = await s.listen();
  process.stdout.write(`listening on 127.0.0.1:${(l.address() as net.AddressInfo).port}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
} else {
  describe('Go clients, TypeScript server', () => {
    const rpc = newServer();
    let tcpAddr = '';
    let httpAddr = '';
    let httpServer: http.Server;

    before(async () => {
      const l = await rpc.listen();
      tcpAddr = `127.0.0.1:${(l.address() as net.AddressInfo).port}`;
      httpServer = createHTTPServer(rpc);
      await new Promise<void>((res) => httpServer.listen(0, '127.0.0.1', res));
      httpAddr = `127.0.0.1:${(httpServer.address() as net.AddressInfo).port}`;
    });
    after(async () => {
      await rpc.close();
      httpServer.closeAllConnections();
      await new Promise((res) => httpServer.close(res));
    });

    const expected: Record<string, string[]> = {
      arithclient: [
        'Arith: 7*8=56',
        'Arith: 7/8=0 remainder 7',
        'Arith: 1/0 error: divide by zero',
        'Arith: 10 async calls ok',
        "Arith: unknown method error: rpc: can't find method Arith.Nope",
      ],
      helloclient: ['Hello, world', 'Hello, async'],
      calcclient: [
        'CalcService: 3+4=7',
        'CalcService: 10/4=2.5',
        'CalcService: 3%4 error: unsupported operator: %',
        'CalcService: operators [+ - * /]',
      ],
      matrixclient: ['ok Echo', 'ok EchoMany 5', 'ok Big 5242880', 'ok Sum', 'ok Fail boom', 'ok Sleep 20'],
    };

    for (const [program, lines] of Object.entries(expected)) {
      for (const mode of ['tcp', 'http']) {
        test(`${program} -mode ${mode} (rpc.${mode === 'tcp' ? 'Dial' : 'DialHTTP'})`, async () => {
          const r = await runGo(program, ['-addr', mode === 'tcp' ? tcpAddr : httpAddr, '-mode', mode]);
          assert.equal(r.stderr, '');
          assert.deepEqual(r.lines, lines);
          assert.equal(r.code, 0);
        });
      }
    }

    test('stress: 100 goroutines multiplexing 5,000 calls on one connection, every result checked', async () => {
      const r = await runGo('stress', ['-addr', tcpAddr, '-goroutines', '100', '-calls', '50']);
      assert.equal(r.stderr, '');
      assert.deepEqual(r.lines, ['stress: 5000 calls ok']);
      assert.equal(r.code, 0);
    });

    test('stress over HTTP on 4 connections', async () => {
      const r = await runGo('stress', ['-addr', httpAddr, '-mode', 'http', '-goroutines', '100', '-calls', '20', '-clients', '4']);
      assert.equal(r.stderr, '');
      assert.deepEqual(r.lines, ['stress: 2000 calls ok']);
      assert.equal(r.code, 0);
    });
  });
}

/** This file's path, to start it as the child server. */
export const SELF = fileURLToPath(import.meta.url);

describe('TypeScript server killed under a Go client', { skip: Boolean(process.env.GOBRPC_RPC_CHILD) }, () => {
  test('the Go client sees the connection die and fails its call', async (ctx) => {
    const child = await startProcess(process.execPath, [SELF], ctx.after.bind(ctx), { GOBRPC_RPC_CHILD: 'matrix' });
    const run = runGo('matrixclient', ['-addr', child.addr, '-timeout', '30s']);
    await child.waitForLine(/^echo started$/);
    const exit = await child.kill('SIGKILL');
    assert.equal(exit.signal, 'SIGKILL');
    const r = await run;
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^FAIL: Matrix\.Echo: (unexpected EOF|.*connection reset by peer)\n$/);
  });
});

describe('Go client over TLS against the TypeScript server', { skip: Boolean(process.env.GOBRPC_RPC_CHILD) }, () => {
  test('arithclient -tls with the certificate as its CA prints the reference lines', async (ctx) => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const tls = await import('node:tls');
    const dir = mkdtempSync(join(tmpdir(), 'gobrpc-tls-'));
    ctx.after(() => rmSync(dir, { recursive: true, force: true }));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    const gen = await runGo('arith', ['-mode', 'certgen', '-certout', cert, '-keyout', key]);
    assert.equal(gen.code, 0, gen.stderr);
    const rpc = new Server().register(Arith, arithImpl);
    const listener = tls.createServer({ cert: readFileSync(cert), key: readFileSync(key), allowHalfOpen: true });
    rpc.accept(listener);
    await new Promise<void>((res) => listener.listen(0, '127.0.0.1', res));
    ctx.after(() => rpc.close());
    const { port } = listener.address() as net.AddressInfo;
    const go = await runGo('arithclient', ['-mode', 'tcp', '-tls', '-ca', cert, '-addr', `127.0.0.1:${port}`]);
    assert.equal(go.code, 0, go.stderr);
    assert.deepEqual(go.lines, [
      'Arith: 7*8=56',
      'Arith: 7/8=0 remainder 7',
      'Arith: 1/0 error: divide by zero',
      'Arith: 10 async calls ok',
      "Arith: unknown method error: rpc: can't find method Arith.Nope",
    ]);
  });
});
