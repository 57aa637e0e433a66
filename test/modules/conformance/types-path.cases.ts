/** Path types: `pathWith({ inStore, absolute })`, `path`, `pathInStore`. "The store" includes /nix/store (see src/modules/store-dir.ts). */
import { mkOption, types } from "../../../src/index.js";
import type { ConformanceCase } from "./case.js";
import { typeCase as tc, typeErr, declConflict, lit } from "./type-case-helpers.js";

const drv = "/nix/store/0lz9p8xhf89kb1c1kk6jxrzskaiygnlh-bash-5.2-p15.drv";
const out = "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2-p15";
const q = (s: string) => JSON.stringify(s);
/** A case of one string definition of a path type (Nix type source, TS type). */
const one = (name: string, nixType: string, tsType: () => unknown, v: string, expect: ConformanceCase["expect"]) =>
  tc(name, nixType, tsType, [[q(v), v]], expect);
const inStore = "types.pathWith { inStore = true; }";
const notInStore = "types.pathWith { inStore = false; }";
const tsIn = () => types.pathWith({ inStore: true });
const tsOut = () => types.pathWith({ inStore: false });
const mkOpt = (type: unknown) => mkOption({ type: type as any });

export const cases: ConformanceCase[] = [
  one("pathInStore accepts a store derivation path", "types.pathInStore", () => types.pathInStore, drv, { value: drv }),
  one("pathWith inStore accepts a store path", inStore, tsIn, out, { value: out }),
  one("pathWith inStore accepts a file inside a store path", inStore, tsIn, `${out}/bin/bash`, {
    value: `${out}/bin/bash`,
  }),
  one(
    "pathWith inStore accepts a content-addressed path (52 characters at the root)",
    inStore,
    tsIn,
    "/1121rp0gvr1qya7hvy925g5kjwg66acz6sn1ra1hca09f1z5dsab/bin/bash",
    { value: "/1121rp0gvr1qya7hvy925g5kjwg66acz6sn1ra1hca09f1z5dsab/bin/bash" },
  ),
  one("pathWith inStore rejects the empty string", inStore, tsIn, "", typeErr("a", "path in the Nix store")),
  one(
    "pathWith inStore rejects the store directory itself",
    inStore,
    tsIn,
    "/nix/store",
    typeErr("a", "path in the Nix store"),
  ),
  one(
    "pathWith inStore rejects the store directory with a slash",
    inStore,
    tsIn,
    "/nix/store/",
    typeErr("a", "path in the Nix store"),
  ),
  one(
    "pathWith inStore rejects .links in the store",
    inStore,
    tsIn,
    "/nix/store/.links",
    typeErr("a", "path in the Nix store"),
  ),
  one(
    "pathWith inStore rejects a path outside the store",
    inStore,
    tsIn,
    "/foo/bar",
    typeErr("a", "path in the Nix store"),
  ),
  one("pathWith not inStore accepts a path outside the store", notInStore, tsOut, "/foo/bar", { value: "/foo/bar" }),
  one("pathWith not inStore accepts the store directory itself", notInStore, tsOut, "/nix/store", {
    value: "/nix/store",
  }),
  one("pathWith not inStore accepts the empty string", notInStore, tsOut, "", { value: "" }),
  one("pathWith not inStore rejects a store path", notInStore, tsOut, out, typeErr("a", "path not in the Nix store")),
  one(
    "pathWith not inStore rejects a file in a store path",
    notInStore,
    tsOut,
    `${out}/bin/bash`,
    typeErr("a", "path not in the Nix store"),
  ),
  one("pathWith {} accepts a relative path", "types.pathWith { }", () => types.pathWith({}), "./this/is/relative", {
    value: "./this/is/relative",
  }),
  tc(
    "pathWith {} rejects a number",
    "types.pathWith { }",
    () => types.pathWith({}),
    [["42", 42]],
    typeErr("a", "path"),
  ),
  one(
    "pathWith absolute, not inStore, rejects a relative path",
    "types.pathWith { inStore = false; absolute = true; }",
    () => types.pathWith({ inStore: false, absolute: true }),
    "./this/is/relative",
    typeErr("a", "absolute path not in the Nix store"),
  ),
  one(
    "pathWith absolute false rejects an absolute path",
    "types.pathWith { absolute = false; }",
    () => types.pathWith({ absolute: false }),
    "/abs",
    typeErr("a", "relative path"),
  ),
  one("path is an absolute path", "types.path", () => types.path, "./rel", typeErr("a", "absolute path")),
  {
    name: "pathWith types with different parameters do not merge",
    nix: `with lib; (evalModules { modules = [ { _file = "one"; options.a = mkOption { type = types.pathWith { absolute = true; }; }; } { _file = "two"; options.a = mkOption { type = types.pathWith { absolute = false; }; }; } { a = "/x"; } ]; }).config.a`,
    modules: () => [
      { _file: "one", options: { a: mkOpt(types.pathWith({ absolute: true })) } },
      { _file: "two", options: { a: mkOpt(types.pathWith({ absolute: false })) } },
      { a: "/x" },
    ],
    read: "a",
    expect: declConflict("a", "one", "two"),
  },
  {
    name: "pathWith types with the same parameters merge (an absent parameter is null)",
    nix: `with lib; (evalModules { modules = [ { options.a = mkOption { type = types.pathWith { inStore = false; }; }; } { options.a = mkOption { type = types.pathWith { inStore = false; absolute = null; }; }; } { a = "/x"; } ]; }).config.a`,
    modules: () => [
      { options: { a: mkOpt(types.pathWith({ inStore: false })) } },
      { options: { a: mkOpt(types.pathWith({ inStore: false, absolute: null })) } },
      { a: "/x" },
    ],
    read: "a",
    expect: { value: "/x" },
  },
  {
    name: "pathWith inStore with absolute false is an error",
    nix: `with lib; (evalModules { modules = [ { options.a = mkOption { type = types.pathWith { inStore = true; absolute = false; }; }; } { a = "/x"; } ]; }).config.a`,
    modules: () => [{ options: { a: mkOpt(types.pathWith({ inStore: true, absolute: false })) } }, { a: "/x" }],
    read: "a",
    expect: { error: { code: "INVALID_ARGUMENT", match: lit("In pathWith, inStore means the path must be absolute") } },
  },
];
