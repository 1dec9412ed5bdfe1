// A child process for the deadline tests: runs one dial (and optionally one call) against a
// peer that never answers, prints how it failed as one JSON line, then lets Node exit on its
// own. If anything left a socket or a timer behind, the process would not exit, and the test
// would see it killed by its hang guard.
//
//	node dialchild.js '{"fn":"dialHTTP","addr":"127.0.0.1:1234","options":{"connectTimeout":100}}'
//
// With "call": {"timeout": ms} or {"abortAfter": ms}, the dial must succeed and one call
// (HelloService.Hello) is made with that deadline; its error is printed. A socket client is
// then closed; the JSON-RPC HTTP client is not, as it holds nothing once its POST is given up.
// With "call": {"mebibytes": n}, a call with n MiB of arguments is made and the client closed
// at once, before a peer that does not read could take them.
import { t } from '../../src/gob/index.js';
import { createHTTPClient, dial as jsonDial } from '../../src/jsonrpc/index.js';
import { type Client, dial, dialHTTP, dialTLS, isRpcError } from '../../src/rpc/index.js';

interface Deadline {
  connectTimeout?: number;
  timeout?: number;
  abortAfter?: number;
  mebibytes?: number;
}
interface Job {
  fn: 'dial' | 'dialTLS' | 'dialHTTP' | 'dialHTTPS' | 'jsonrpc.dial' | 'jsonrpc.http';
  addr: string;
  options: Deadline;
  call?: Deadline;
}

function withSignal(d: Deadline): { connectTimeout?: number; timeout?: number; signal?: AbortSignal } {
  const { abortAfter, ...rest } = d;
  return abortAfter === undefined ? rest : { ...rest, signal: AbortSignal.timeout(abortAfter) };
}

function report(e: unknown): void {
  console.log(JSON.stringify(isRpcError(e) ? { code: e.code, message: e.message } : { error: String(e) }));
}

const job = JSON.parse(process.argv[2]!) as Job;
const opts = withSignal(job.options);
const insecure = { rejectUnauthorized: false };
const dialing: Promise<Client> = {
  dial: () => dial(job.addr, opts),
  dialTLS: () => dialTLS(job.addr, insecure, opts),
  dialHTTP: () => dialHTTP(job.addr, opts),
  dialHTTPS: () => dialHTTP(job.addr, { ...opts, tls: insecure }),
  'jsonrpc.dial': () => jsonDial(job.addr, opts),
  'jsonrpc.http': async () => createHTTPClient(`http://${job.addr}/jsonrpc`),
}[job.fn]();
dialing.then(async (c) => {
  if (job.call === undefined) {
    console.log(JSON.stringify({ connected: true }));
    await c.close();
    return;
  }
  const { mebibytes, ...deadline } = job.call;
  if (mebibytes !== undefined) {
    // More than the kernel's buffers hold, to a peer that does not read: close() at once.
    const calling = c.call('HelloService.Hello', new Uint8Array(mebibytes << 20), { argSchema: t.bytes });
    await c.close();
    await calling.catch(report);
    return;
  }
  await c.call('HelloService.Hello', 'silence', { argSchema: t.string, ...withSignal(deadline) }).catch(report);
  if (job.fn !== 'jsonrpc.http') await c.close();
}, report);
