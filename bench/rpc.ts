// The RPC part of `make bench`: calls/s of Arith.Multiply, sequential and 64 in flight, for
// TypeScript client → Go server, Go client → TypeScript server and Go → Go, in one run.
import { dial, Server } from '../src/rpc/index.js';
import { Arith, arithImpl } from '../examples/arith.js';
import { runGo, startGo } from '../test/helpers/goproc.js';

export interface RpcFigures {
  label: string;
  sequential: number;
  concurrent: number;
}

/** Calls/s over `seconds` with `width` calls always in flight (after a short warm-up). */
async function drive(seconds: number, width: number, call: (i: number) => Promise<unknown>): Promise<number> {
  const run = async (ms: number): Promise<number> => {
    const stop = performance.now() + ms;
    let calls = 0;
    await Promise.all(Array.from({ length: width }, async (_, w) => {
      for (let i = w; performance.now() < stop; i += width) {
        const r = await call(i);
        if (r !== (i % 1000) * 3) throw new Error(`bench: wrong reply ${String(r)} for call ${i}`);
        calls++;
      }
    }));
    return calls;
  };
  await run(Math.min(500, seconds * 250));
  const start = performance.now();
  const calls = await run(seconds * 1000);
  return calls / ((performance.now() - start) / 1000);
}

async function goBench(addr: string | undefined, seconds: number, concurrency: number): Promise<number> {
  const args = ['-mode', 'tcp', '-seconds', String(seconds), '-concurrency', String(concurrency)];
  if (addr) args.push('-addr', addr);
  const r = await runGo('rpcbench', args, { timeoutMs: (seconds + 30) * 1000 });
  if (r.code !== 0) throw new Error(`rpcbench failed: ${r.stderr}`);
  return (JSON.parse(r.lines[r.lines.length - 1]!) as { callsPerSec: number }).callsPerSec;
}

export async function rpcBench(seconds: number): Promise<RpcFigures[]> {
  const cleanups: Array<() => unknown> = [];
  try {
    const go = await startGo('arith', ['-mode', 'tcp'], (fn) => cleanups.push(fn));
    const client = await dial(go.addr);
    cleanups.push(() => client.close());
    const arith = client.service(Arith);
    const call = (i: number) => arith.Multiply({ A: i % 1000, B: 3 });
    const tsToGo = { label: 'TypeScript client → Go server', sequential: await drive(seconds, 1, call), concurrent: await drive(seconds, 64, call) };

    const rpc = new Server().register(Arith, arithImpl);
    const listener = await rpc.listen(0, '127.0.0.1');
    cleanups.push(() => rpc.close());
    const port = (listener.address() as { port: number }).port;
    const tsAddr = `127.0.0.1:${port}`;
    const goToTs = { label: 'Go client → TypeScript server', sequential: await goBench(tsAddr, seconds, 1), concurrent: await goBench(tsAddr, seconds, 64) };

    // Every TypeScript↔Go configuration spans two processes, so the like-for-like baseline is Go
    // calling a Go server in another process; Go's in-process figure is shown beside it.
    const goToGo = { label: 'Go client → Go server', sequential: await goBench(go.addr, seconds, 1), concurrent: await goBench(go.addr, seconds, 64) };
    const goInProcess = { label: 'Go → Go, one process', sequential: await goBench(undefined, seconds, 1), concurrent: await goBench(undefined, seconds, 64) };

    const tsClient = await dial(tsAddr);
    cleanups.push(() => tsClient.close());
    const tsArith = tsClient.service(Arith);
    const tsCall = (i: number) => tsArith.Multiply({ A: i % 1000, B: 3 });
    const tsToTs = { label: 'TypeScript → TypeScript, one process', sequential: await drive(seconds, 1, tsCall), concurrent: await drive(seconds, 64, tsCall) };
    return [tsToGo, goToTs, goToGo, goInProcess, tsToTs];
  } finally {
    for (const fn of cleanups.reverse()) await fn();
  }
}
