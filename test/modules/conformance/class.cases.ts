import { evalModules, mkOption, types } from "../../../src/index.js";
import { type ConformanceCase, error, value } from "./case.js";

// The case type has no `class` field: these cases evaluate with a class in `read`.
const evalClass = (cls: string | undefined, modules: unknown[]): any =>
  evalModules(cls === undefined ? { modules } : ({ modules, class: cls } as any));
const declNix = `{ options.x = mkOption { type = types.str; default = "d"; }; }`;
const decl = () => ({ options: { x: mkOption({ type: types.str, default: "d" }) } });
const nixClass = (cls: string, mods: string[], tail: string) =>
  `with lib; let r = evalModules { class = ${cls}; modules = [ ${mods.map((m) => `(${m})`).join(" ")} ]; }; in ${tail}`;
const mismatch =
  /The module `darwin-module\.ts` \(class: "darwin"\) cannot be imported into a module evaluation that expects class "nixos"\./;

export const cases: ConformanceCase[] = [
  {
    name: "a module of the evaluation's class is accepted",
    nix: nixClass(`"nixos"`, [declNix, `{ _class = "nixos"; x = "n"; }`], "r.config.x"),
    modules: () => [],
    read: () => evalClass("nixos", [decl(), { _class: "nixos", x: "n" }]).config.x,
    expect: value("n"),
  },
  {
    name: "a module without _class is accepted in any class",
    nix: nixClass(`"nixos"`, [declNix, `{ x = "plain"; }`], "r.config.x"),
    modules: () => [],
    read: () => evalClass("nixos", [decl(), { x: "plain" }]).config.x,
    expect: value("plain"),
  },
  {
    name: "a module whose _class differs from the evaluation's class is rejected, naming both",
    nix: nixClass(`"nixos"`, [declNix, `{ _file = "darwin-module.ts"; _class = "darwin"; x = "d"; }`], "r.config.x"),
    modules: () => [],
    read: () => evalClass("nixos", [decl(), { _file: "darwin-module.ts", _class: "darwin", x: "d" }]).config.x,
    expect: error("CLASS_MISMATCH", mismatch),
  },
  {
    name: "a class mismatch in an imported module is rejected",
    nix: nixClass(
      `"nixos"`,
      [declNix, `{ imports = [ { _file = "darwin-module.ts"; _class = "darwin"; } ]; }`],
      "r.config.x",
    ),
    modules: () => [],
    read: () => evalClass("nixos", [decl(), { imports: [{ _file: "darwin-module.ts", _class: "darwin" }] }]).config.x,
    expect: error("CLASS_MISMATCH", mismatch),
  },
  {
    name: "the class mismatch message says how to fix it",
    nix: nixClass(`"nixos"`, [`{ _file = "darwin-module.ts"; _class = "darwin"; }`], "r.config"),
    modules: () => [],
    read: () => evalClass("nixos", [{ _file: "darwin-module.ts", _class: "darwin" }]).config,
    expect: error(
      "CLASS_MISMATCH",
      /Verify that the module's `_class`, "darwin" matches the expected `class` "nixos"\./,
    ),
  },
  {
    name: "a class mismatch is reported even for a module that is disabled",
    nix: nixClass(
      `"nixos"`,
      [
        declNix,
        `{ key = "/m/dw"; _file = "darwin-module.ts"; _class = "darwin"; }`,
        `{ disabledModules = [ "/m/dw" ]; }`,
      ],
      "r.config.x",
    ),
    modules: () => [],
    read: () =>
      evalClass("nixos", [
        decl(),
        { key: "/m/dw", _file: "darwin-module.ts", _class: "darwin" },
        { disabledModules: ["/m/dw"] },
      ]).config.x,
    expect: error("CLASS_MISMATCH", mismatch),
  },
  {
    name: "without an evaluation class any _class is accepted",
    nix: `with lib; (evalModules { modules = [ ${declNix} { _class = "darwin"; x = "any"; } ]; }).config.x`,
    modules: () => [decl(), { _class: "darwin", x: "any" }],
    read: "x",
    expect: value("any"),
  },
  {
    name: "the result carries the evaluation's class",
    nix: nixClass(`"nixos"`, [], "r.class"),
    modules: () => [],
    read: () => evalClass("nixos", []).class,
    expect: value("nixos"),
  },
  {
    name: "the result's class is null without one",
    nix: `with lib; (evalModules { modules = [ ]; }).class`,
    modules: () => [],
    read: (r) => r.class ?? null,
    expect: value(null),
  },
  {
    name: "the _class module argument is the evaluation's class",
    nix: nixClass(`"nixos"`, [declNix, `{ _class, ... }: { x = _class; }`], "r.config.x"),
    modules: () => [],
    read: () => evalClass("nixos", [decl(), ({ _class }: any) => ({ x: _class })]).config.x,
    expect: value("nixos"),
  },
  {
    name: "the _class module argument is null without a class",
    nix: `with lib; (evalModules { modules = [ { options.x = mkOption { default = "d"; }; } ({ _class, ... }: { x = _class; }) ]; }).config.x`,
    modules: () => [{ options: { x: mkOption({ default: "d" }) } }, ({ _class }: any) => ({ x: _class })],
    read: "x",
    expect: value(null),
  },
  {
    name: "imports may depend on the _class argument",
    nix: nixClass(
      `"darwin"`,
      [
        declNix,
        `{ _class, ... }: { imports = if _class == "nixos" then [ { x = "as nixos"; } ] else [ { x = "as other"; } ]; }`,
      ],
      "r.config.x",
    ),
    modules: () => [],
    read: () =>
      evalClass("darwin", [
        decl(),
        ({ _class }: any) => ({ imports: _class === "nixos" ? [{ x: "as nixos" }] : [{ x: "as other" }] }),
      ]).config.x,
    expect: value("as other"),
  },
  {
    name: "a shorthand module's _class is not config",
    nix: nixClass(`"nixos"`, [declNix, `{ _class = "nixos"; }`], `builtins.removeAttrs r.config [ "_module" ]`),
    modules: () => [],
    read: () => evalClass("nixos", [decl(), { _class: "nixos" }]).config,
    expect: value({ x: "d" }),
  },
];
