import { wasm, type WasmMemory, type WasmModule } from "./api.js";

// Kept apart from the module's generator (keccakModule.ts imports the leaf encoding, and with it
// viem and zod): a hash worker gets the compiled module posted and needs only this.

/** Our keccak-f[1600] module's exports; every pointer is a byte offset into the memory it was given. */
export interface KeccakWasm {
  readonly memory: WasmMemory;
  /** `count` abi-encoded leaves of LEAF_BYTES (288) at src → keccak256(keccak256(leaf)), 32 bytes each at dst. */
  leaves(src: number, count: number, dst: number): void;
  /** Internal nodes hi down to lo (hi ≥ lo − 1) of the flat tree whose node 0 is at byte `base`. */
  nodes(base: number, hi: number, lo: number): void;
  /** keccak256 of len bytes at src into dst (may overlap src); scratch: 136 bytes nobody else uses. */
  hash(src: number, len: number, dst: number, scratch: number): void;
}

/** Instantiates a compiled keccak module on `memory`, a shared WebAssembly memory (several threads may use it at once). */
export function instantiateOn(memory: WasmMemory, mod: WasmModule): KeccakWasm {
  const ex = new wasm.Instance(mod, { env: { memory } }).exports as unknown as Omit<KeccakWasm, "memory">;
  return { memory, leaves: ex.leaves, nodes: ex.nodes, hash: ex.hash };
}
