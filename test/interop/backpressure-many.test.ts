// Many hostile peers at once (issue 9, kind 3; the verifier's 300-connection flood, scaled down):
// interop/flood opens 60 gob connections that each pipeline requests for 1 MiB replies and never
// read one, with a server-wide budget of 4 MiB (JSON-RPC: 20 connections, 256 KiB replies and
// 1 MiB, as encoding them costs more). The budget must bound the bytes held across all
// of them (each connection may hold only its small allowance outside it), the connections beyond
// it must wait for room with their replies unencoded, and Go's client, connecting after the
// flood, must have every call answered.
import assert from 'node:assert/strict';
import type net from 'node:net';
import { describe, test } from 'node:test';
import { t } from '../../src/gob/index.js';
import { listen as jsonListen } from '../../src/jsonrpc/index.js';
import { DEFAULT_UNSENT_ALLOWANCE, defineService, Server } from '../../src/rpc/index.js';
import { Arith, arithImpl, type Cleanup, runGo, startGoClient } from '../helpers/goproc.js';
import { until } from '../helpers/rawgob.js';

const MIB = 1 << 20;
const BIG = new Uint8Array(MIB).fill(0x5a);
const Flood = defineService('Flood', { Big: { args: t.int, reply: t.bytes } });

interface Case {
  mode: 'tcp' | 'jsonrpc';
  conns: number;
  /** Bytes in each reply; each connection asks for 8 MiB of them. */
  reply: number;
  budget: number;
}

const cases: Case[] = [
  { mode: 'tcp', conns: 60, reply: MIB, budget: 4 * MIB },
  { mode: 'jsonrpc', conns: 20, reply: 256 << 10, budget: MIB },
];

for (const { mode, conns, reply, budget: BUDGET } of cases) {
  const what = `${conns} ${mode === 'tcp' ? 'gob' : 'JSON-RPC'} connections that never read ${reply >> 10} KiB replies`;
  describe(`${what}, with a server-wide budget of ${BUDGET / MIB} MiB`, () => {
    test("hold no more than the budget plus each connection's allowance; a new Go client is served", async (tc) => {
      let started = 0;
      const server = new Server({ maxTotalUnsentBytes: BUDGET }).register(Arith, arithImpl).register(Flood, {
        Big: (n) => {
          started++;
          return BIG.subarray(0, n);
        },
      });
      const listener: net.Server = mode === 'tcp' ? await server.listen() : await jsonListen(server);
      const port = (listener.address() as net.AddressInfo).port;

      // Each connection asks for 8 MiB, more than its kernel buffers take (a 64 KiB receive
      // buffer on the peer's side, the sender's up to 4 MiB), so every one of them backs up.
      const calls = String((8 * MIB) / reply);
      const args = ['-addr', `127.0.0.1:${port}`, '-mode', mode, '-conns', String(conns), '-calls', calls, '-arg', String(reply)];
      // The server is closed first (which must not wait on the flooding connections), then the
      // program is killed.
      const cleanup: Cleanup = (kill) =>
        tc.after(async () => {
          await server.close();
          await kill();
        });
      await startGoClient('flood', [...args, '-rcvbuf', '65536'], cleanup, `connected ${conns}`);
      // Every flooding connection is served and paused: holding bytes its peer does not take, or
      // with a reply waiting for room. One that closes first ends the wait as a failure, not a hang.
      let most = 0;
      await until(() => {
        const cs = server.stats().connections;
        most = Math.max(most, cs.length);
        return (cs.length === conns && cs.every((c) => c.backedUp)) || cs.length < most;
      });
      assert.equal(server.stats().connections.filter((c) => c.backedUp).length, conns, 'a flooding connection closed');
      const startedWhenPaused = started;

      // Go's client connects after the flood: all 200 calls succeed.
      const good = await runGo('stress', ['-addr', `127.0.0.1:${port}`, '-mode', mode, '-goroutines', '4', '-calls', '50']);
      assert.equal(good.stderr, '');
      assert.deepEqual({ code: good.code, lines: good.lines }, { code: 0, lines: ['stress: 200 calls ok'] });

      const stats = server.stats();
      assert.equal(stats.connections.filter((c) => c.backedUp).length, conns, 'the flooding connections are still paused');
      assert.equal(started, startedWhenPaused, 'no handler started on a paused connection');
      // The budget is a true bound; outside it, each connection (the good one included) holds at
      // most its allowance.
      assert.ok(stats.peakSharedUnsentBytes <= BUDGET, `peak ${stats.peakSharedUnsentBytes} > ${BUDGET} bytes of the budget`);
      const bound = BUDGET + (conns + 1) * DEFAULT_UNSENT_ALLOWANCE;
      assert.ok(stats.peakUnsentBytes <= bound, `peak ${stats.peakUnsentBytes} > ${bound} unsent bytes in all`);
      // Most connections never got room: their next reply waits, unencoded, in turn.
      const waiting = stats.connections.filter((c) => c.waitingForRoom > 0).length;
      assert.equal(stats.waitingForRoom, waiting);
      assert.ok(waiting >= conns / 2, `${waiting} of ${conns} connections wait for room`);
    });
  });
}
