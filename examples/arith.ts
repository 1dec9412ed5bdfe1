// The reference net/rpc example, Arith, declared once: the Go program interop/arith serves it
// (its types live in Go package `services`, hence the names), the demo and the benchmarks call
// it, and this file's implementation serves it to Go clients.
import { t } from '../src/gob/index.js';
import { defineService, type ServiceImpl } from '../src/rpc/index.js';

export const Args = t.struct('services.Args', { A: t.int, B: t.int });
export const Quotient = t.struct('services.Quotient', { Quo: t.int, Rem: t.int });

/** Go's methods take `*Args`, hence the pointer (it shows on the /debug/rpc page). */
export const Arith = defineService('Arith', {
  Multiply: { args: t.ptr(Args), reply: t.int },
  Divide: { args: t.ptr(Args), reply: Quotient },
});

/** Arith in TypeScript, with Go's error text for a zero divisor. */
export const arithImpl: ServiceImpl<typeof Arith> = {
  Multiply: (a) => a!.A * a!.B,
  Divide: (a) => {
    if (a!.B === 0) throw new Error('divide by zero');
    return { Quo: Math.trunc(a!.A / a!.B), Rem: a!.A % a!.B };
  },
};
