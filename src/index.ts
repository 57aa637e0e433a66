/** tsden: the NixOS module system, Den and microvm.nix, natively in TypeScript. */
export * from "./modules/index.js";
export * from "./aspects/index.js";
export * from "./project/index.js";
export * from "./store/index.js";
export * from "./os/index.js";
export * from "./microvm/index.js";
export * from "./host/index.js";
