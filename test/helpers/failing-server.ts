// Serves the failing service of failing.ts on 127.0.0.1 (gob over TCP) and prints
// "listening on HOST:PORT", for tests that need it in a process of its own (NODE_DEBUG).
import type { AddressInfo } from 'node:net';
import { failingServer } from './failing.js';

const listener = await failingServer().listen(0);
const { address, port } = listener.address() as AddressInfo;
console.log(`listening on ${address}:${port}`);
