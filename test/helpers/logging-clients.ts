// A child process for the test of the client logging under NODE_DEBUG=gobrpc: every kind of
// client (Client, ReconnectingClient, the JSON-RPC client) makes calls against Go's Arith
// server, with no interceptor of its own except where noted, and the test reads the lines
// written on stderr. The replies go to stdout, one per line.
//
//	NODE_DEBUG=gobrpc node logging-clients.js GOB_ADDR JSONRPC_ADDR
import { dial as jsonDial } from '../../src/jsonrpc/index.js';
import { type ClientInterceptor, dial, isServerError, ReconnectingClient } from '../../src/rpc/index.js';
import { Arith } from './goproc.js';

const [gobAddr, jsonAddr] = process.argv.slice(2) as [string, string];
const out = (v: unknown) => console.log(JSON.stringify(v));

// A plain client: a reply and an error reply.
const plain = await dial(gobAddr);
out(await plain.service(Arith).Multiply({ A: 7, B: 8 }));
out(
  await plain
    .service(Arith)
    .Divide({ A: 1, B: 0 })
    .catch((e: Error) => e.message),
);
await plain.close();

// A client with an interceptor that retries: the logger sits outside it, so one line for the
// call, with the Seq of the request that answered.
const retry: ClientInterceptor = async (ctx, next) => {
  try {
    return await next();
  } catch (e) {
    if (!isServerError(e)) throw e;
    ctx.args = { A: 1, B: 1 };
    return next();
  }
};
const retrying = await dial(gobAddr, { interceptors: [retry] });
out(await retrying.service(Arith).Divide({ A: 1, B: 0 }));
await retrying.close();

// A reconnecting client: logs its calls once (the connection's own client is bypassed).
const rc = new ReconnectingClient((signal) => dial(gobAddr, { signal }));
out(await rc.service(Arith).Multiply({ A: 2, B: 3 }));
await rc.close();

// The JSON-RPC client is the same Client with another codec.
const json = await jsonDial(jsonAddr);
out(await json.call('Arith.Multiply', { A: 3, B: 4 }));
await json.close();
