// The two WHATWG Encoding API globals that src/gob and src/schema use, for tsconfig.gob.json only.
// That check compiles the codec with `types: []` and lib ES2022 (no DOM), so that a Node-only name
// (Buffer, process, node:*) fails it; TextEncoder and TextDecoder are not in any ES lib, yet every
// runtime the codec targets has them (Node ≥ 11, browsers, Deno, Bun). Declared here with only the
// members the codec calls, so using any other member also fails the check.

interface TextEncoderEncodeIntoResult {
  read: number;
  written: number;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): TextEncoderEncodeIntoResult;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
