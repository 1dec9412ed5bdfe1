// A child process for the dial-deadline tests: runs one dial against a peer that never answers
// and prints how it failed as one JSON line, then lets Node exit on its own. If the dial left a
// socket or a timer behind, the process would not exit, and the test would see it killed.
//
//	node dialchild.js '{"fn":"dialHTTP","addr":"127.0.0.1:1234","options":{"connectTimeout":100}}'
import { dial as jsonDial } from '../../src/jsonrpc/index.js';
import { dial, dialHTTP, dialTLS, isRpcError } from '../../src/rpc/index.js';

interface Job {
  fn: 'dial' | 'dialTLS' | 'dialHTTP' | 'dialHTTPS' | 'jsonrpc.dial';
  addr: string;
  options: { connectTimeout?: number; abortAfter?: number };
}

const job = JSON.parse(process.argv[2]!) as Job;
const { abortAfter, ...options } = job.options;
const signal = abortAfter === undefined ? undefined : AbortSignal.timeout(abortAfter);
const opts = { ...options, signal };
const insecure = { rejectUnauthorized: false };
const dialing = {
  dial: () => dial(job.addr, opts),
  dialTLS: () => dialTLS(job.addr, insecure, opts),
  dialHTTP: () => dialHTTP(job.addr, opts),
  dialHTTPS: () => dialHTTP(job.addr, { ...opts, tls: insecure }),
  'jsonrpc.dial': () => jsonDial(job.addr, opts),
}[job.fn]();
dialing.then(
  async (c) => {
    console.log(JSON.stringify({ connected: true }));
    await c.close();
  },
  (e: unknown) => {
    console.log(JSON.stringify(isRpcError(e) ? { code: e.code, message: e.message } : { error: String(e) }));
  },
);
