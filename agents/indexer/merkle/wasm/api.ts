// The project's TypeScript lib (ES2023, no DOM) has no WebAssembly types: these are the few we use.

/** A WebAssembly memory; `buffer` is a SharedArrayBuffer for a shared one. */
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}
/** A compiled module (opaque); it can be posted to worker threads. */
export interface WasmModule {
  readonly __wasmModule?: never;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => WasmMemory;
}

/** Node's global WebAssembly object. */
export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
