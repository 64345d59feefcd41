// The few host globals the engine may use without a DOM: each exists in a Web Worker and in
// Node alike. Only tsconfig.sim.json and tsconfig.machines.json read this file (the other
// projects get these names from lib.dom / lib.webworker / @types/node); anything else the
// engine needs from its host must be added here on purpose, with the same meaning in both.
declare const performance: { now(): number };

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
