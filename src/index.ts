/** tsden: the NixOS module system, Den and microvm.nix, natively in TypeScript. */
export * from "./modules/index.js";
export * from "./aspects/index.js";
export * from "./project/index.js";
