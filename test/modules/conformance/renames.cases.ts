/** Renamed, aliased, removed, changed and merged options (mk*OptionModule) and their warnings. */
import {
  types,
  mkOption,
  mkDefault,
  mkForce,
  assertionsModule,
  mkAliasOptionModule,
  mkRenamedOptionModule,
  mkRemovedOptionModule,
  mkChangedOptionModule,
  mkMergedOptionModule,
} from "../../../src/index.js";
import type { ConformanceCase } from "./case.js";
import { lit, typeErr, nixAssertionsModule } from "./type-case-helpers.js";

const nixNew = `{ _file = "decl-new"; options.new = mkOption { type = types.int; default = 0; }; }`;
const tsNew = () => ({ _file: "decl-new", options: { new: mkOption({ type: types.int, default: 0 }) } });

const nixR = (mods: string, read: string) =>
  `with lib; let r = evalModules { modules = [ ${nixAssertionsModule} ${mods} ]; }; c = r.config; in ${read}`;

export const cases: ConformanceCase[] = [
  // mkRenamedOptionModule
  {
    name: "mkRenamedOptionModule forwards a definition of the old option to the new one",
    nix: nixR(`${nixNew} (mkRenamedOptionModule [ "old" ] [ "new" ]) { _file = "def-old"; old = 5; }`, "c.new"),
    modules: () => [assertionsModule, tsNew(), mkRenamedOptionModule(["old"], ["new"]), { _file: "def-old", old: 5 }],
    read: "new",
    expect: { value: 5 },
  },
  {
    name: "mkRenamedOptionModule warns with the old and new names and the defining file",
    nix: nixR(`${nixNew} (mkRenamedOptionModule [ "old" ] [ "new" ]) { _file = "def-old"; old = 5; }`, "c.warnings"),
    modules: () => [assertionsModule, tsNew(), mkRenamedOptionModule(["old"], ["new"]), { _file: "def-old", old: 5 }],
    read: "warnings",
    expect: { value: ["The option `old' defined in `def-old' has been renamed to `new'."] },
  },
  {
    name: "mkRenamedOptionModule does not warn when the old option is not defined",
    nix: nixR(`${nixNew} (mkRenamedOptionModule [ "old" ] [ "new" ]) { new = 2; }`, "[ c.warnings c.new ]"),
    modules: () => [assertionsModule, tsNew(), mkRenamedOptionModule(["old"], ["new"]), { new: 2 }],
    read: (r) => [r.config.warnings, r.config.new],
    expect: { value: [[], 2] },
  },
  {
    name: "reading the old name of a renamed option gives the new option's value",
    nix: nixR(`${nixNew} (mkRenamedOptionModule [ "old" ] [ "new" ]) { new = 7; }`, "c.old"),
    modules: () => [assertionsModule, tsNew(), mkRenamedOptionModule(["old"], ["new"]), { new: 7 }],
    read: "old",
    expect: { value: 7 },
  },
  {
    name: "mkRenamedOptionModule keeps priorities: a plain new definition beats an old mkDefault",
    nix: nixR(`${nixNew} (mkRenamedOptionModule [ "old" ] [ "new" ]) { old = mkDefault 1; } { new = 2; }`, "c.new"),
    modules: () => [
      assertionsModule,
      tsNew(),
      mkRenamedOptionModule(["old"], ["new"]),
      { old: mkDefault(1) },
      { new: 2 },
    ],
    read: "new",
    expect: { value: 2 },
  },
  {
    name: "mkRenamedOptionModule keeps priorities: an old mkForce beats a plain new definition",
    nix: nixR(`${nixNew} (mkRenamedOptionModule [ "old" ] [ "new" ]) { old = mkForce 1; } { new = 2; }`, "c.new"),
    modules: () => [
      assertionsModule,
      tsNew(),
      mkRenamedOptionModule(["old"], ["new"]),
      { old: mkForce(1) },
      { new: 2 },
    ],
    read: "new",
    expect: { value: 1 },
  },
  {
    name: "old and new definitions of a renamed option conflict like two definitions",
    nix: nixR(`${nixNew} (mkRenamedOptionModule [ "old" ] [ "new" ]) { old = 1; } { new = 2; }`, "c.new"),
    modules: () => [assertionsModule, tsNew(), mkRenamedOptionModule(["old"], ["new"]), { old: 1 }, { new: 2 }],
    read: "new",
    expect: { error: { code: "CONFLICT", match: lit("The option `new' has conflicting definition values") } },
  },
  {
    name: "the old name of a renamed option has the new option's type",
    nix: nixR(`${nixNew} (mkRenamedOptionModule [ "old" ] [ "new" ]) { old = "five"; }`, "c.new"),
    modules: () => [assertionsModule, tsNew(), mkRenamedOptionModule(["old"], ["new"]), { old: "five" }],
    read: "new",
    expect: typeErr("new", "signed integer"),
  },
  {
    name: "mkRenamedOptionModule with nested paths",
    nix: nixR(
      `{ options.services.web.port = mkOption { type = types.port; }; } (mkRenamedOptionModule [ "web" "port" ] [ "services" "web" "port" ]) { _file = "def-web"; web.port = 80; }`,
      "[ c.services.web.port c.warnings ]",
    ),
    modules: () => [
      assertionsModule,
      { options: { services: { web: { port: mkOption({ type: types.port }) } } } },
      mkRenamedOptionModule(["web", "port"], ["services", "web", "port"]),
      { _file: "def-web", web: { port: 80 } },
    ],
    read: (r) => [r.config.services.web.port, r.config.warnings],
    expect: { value: [80, ["The option `web.port' defined in `def-web' has been renamed to `services.web.port'."]] },
  },

  // mkAliasOptionModule
  {
    name: "mkAliasOptionModule forwards definitions without a warning",
    nix: nixR(`${nixNew} (mkAliasOptionModule [ "old" ] [ "new" ]) { old = 3; }`, "[ c.new c.warnings ]"),
    modules: () => [assertionsModule, tsNew(), mkAliasOptionModule(["old"], ["new"]), { old: 3 }],
    read: (r) => [r.config.new, r.config.warnings],
    expect: { value: [3, []] },
  },
  {
    name: "mkAliasOptionModule: list definitions of alias and target concatenate",
    nix: nixR(
      `{ options.xs = mkOption { type = types.listOf types.int; }; } (mkAliasOptionModule [ "ys" ] [ "xs" ]) { ys = [ 1 ]; } { xs = [ 2 ]; }`,
      "c.xs",
    ),
    modules: () => [
      assertionsModule,
      { options: { xs: mkOption({ type: types.listOf(types.int) }) } },
      mkAliasOptionModule(["ys"], ["xs"]),
      { ys: [1] },
      { xs: [2] },
    ],
    read: "xs",
    expect: { value: [2, 1] },
  },
  {
    name: "mkAliasOptionModule: reading the alias gives the target's value",
    nix: nixR(`${nixNew} (mkAliasOptionModule [ "old" ] [ "new" ]) { new = 4; }`, "c.old"),
    modules: () => [assertionsModule, tsNew(), mkAliasOptionModule(["old"], ["new"]), { new: 4 }],
    read: "old",
    expect: { value: 4 },
  },

  // mkRemovedOptionModule
  {
    name: "mkRemovedOptionModule: reading the removed option is an error with the instructions",
    nix: nixR(`(mkRemovedOptionModule [ "gone" ] "Use \`other' instead.") { gone = 1; }`, "c.gone"),
    modules: () => [assertionsModule, mkRemovedOptionModule(["gone"], "Use `other' instead."), { gone: 1 }],
    read: "gone",
    expect: {
      error: {
        code: "REMOVED_OPTION",
        match: lit("The option `gone' can no longer be used since it's been removed. Use `other' instead."),
      },
    },
  },
  {
    name: "mkRemovedOptionModule: defining the removed option adds a failed assertion",
    nix: nixR(
      `(mkRemovedOptionModule [ "gone" ] "Use other instead.") { _file = "def-gone"; gone = 1; }`,
      "map (a: { inherit (a) assertion message; }) c.assertions",
    ),
    modules: () => [
      assertionsModule,
      mkRemovedOptionModule(["gone"], "Use other instead."),
      { _file: "def-gone", gone: 1 },
    ],
    read: (r) => r.config.assertions.map((a: any) => ({ assertion: a.assertion, message: a.message })),
    expect: {
      value: [
        {
          assertion: false,
          message:
            "The option definition `gone' in `def-gone' no longer has any effect; please remove it.\nUse other instead.\n",
        },
      ],
    },
  },
  {
    name: "mkRemovedOptionModule: an undefined removed option passes its assertion",
    nix: nixR(`(mkRemovedOptionModule [ "gone" ] "Use other instead.") { }`, "map (a: a.assertion) c.assertions"),
    modules: () => [assertionsModule, mkRemovedOptionModule(["gone"], "Use other instead."), {}],
    read: (r) => r.config.assertions.map((a: any) => a.assertion),
    expect: { value: [true] },
  },
  {
    name: "mkRemovedOptionModule: the rest of the configuration still evaluates",
    nix: nixR(`${nixNew} (mkRemovedOptionModule [ "gone" ] "Use new instead.") { gone = 1; new = 9; }`, "c.new"),
    modules: () => [
      assertionsModule,
      tsNew(),
      mkRemovedOptionModule(["gone"], "Use new instead."),
      { gone: 1, new: 9 },
    ],
    read: "new",
    expect: { value: 9 },
  },

  // mkChangedOptionModule
  {
    name: "mkChangedOptionModule computes the new option from the old one",
    nix: nixR(
      `{ options.level = mkOption { type = types.str; }; } (mkChangedOptionModule [ "high" ] [ "level" ] (config: if config.high then "high" else "normal")) { high = true; }`,
      "c.level",
    ),
    modules: () => [
      assertionsModule,
      { options: { level: mkOption({ type: types.str }) } },
      mkChangedOptionModule(["high"], ["level"], (config: any) => (config.high ? "high" : "normal")),
      { high: true },
    ],
    read: "level",
    expect: { value: "high" },
  },
  {
    name: "mkChangedOptionModule warns that the type changed",
    nix: nixR(
      `{ options.level = mkOption { type = types.str; }; } (mkChangedOptionModule [ "high" ] [ "level" ] (config: if config.high then "high" else "normal")) { _file = "def-high"; high = false; }`,
      "[ c.level c.warnings ]",
    ),
    modules: () => [
      assertionsModule,
      { options: { level: mkOption({ type: types.str }) } },
      mkChangedOptionModule(["high"], ["level"], (config: any) => (config.high ? "high" : "normal")),
      { _file: "def-high", high: false },
    ],
    read: (r) => [r.config.level, r.config.warnings],
    expect: {
      value: [
        "normal",
        [
          "The option `high' defined in `def-high' has been changed to `level' that has a different type. Please read `level' documentation and update your configuration accordingly.",
        ],
      ],
    },
  },
  {
    name: "mkChangedOptionModule does nothing when the old option is not defined",
    nix: nixR(
      `{ options.level = mkOption { type = types.str; default = "unset"; }; } (mkChangedOptionModule [ "high" ] [ "level" ] (config: if config.high then "high" else "normal"))`,
      "[ c.level c.warnings ]",
    ),
    modules: () => [
      assertionsModule,
      { options: { level: mkOption({ type: types.str, default: "unset" }) } },
      mkChangedOptionModule(["high"], ["level"], (config: any) => (config.high ? "high" : "normal")),
    ],
    read: (r) => [r.config.level, r.config.warnings],
    expect: { value: ["unset", []] },
  },

  // mkMergedOptionModule
  {
    name: "mkMergedOptionModule combines several old options into one",
    nix: nixR(
      `{ options.addr = mkOption { type = types.str; }; } (mkMergedOptionModule [ [ "host" ] [ "port" ] ] [ "addr" ] (config: "\${config.host}:\${toString config.port}")) { host = "h"; port = 80; }`,
      "c.addr",
    ),
    modules: () => [
      assertionsModule,
      { options: { addr: mkOption({ type: types.str }) } },
      mkMergedOptionModule([["host"], ["port"]], ["addr"], (config: any) => `${config.host}:${String(config.port)}`),
      { host: "h", port: 80 },
    ],
    read: "addr",
    expect: { value: "h:80" },
  },
  {
    name: "mkMergedOptionModule warns once per defined old option",
    nix: nixR(
      `{ options.addr = mkOption { type = types.str; }; } (mkMergedOptionModule [ [ "host" ] [ "port" ] ] [ "addr" ] (config: "\${config.host}:\${toString config.port}")) { _file = "def-host"; host = "h"; port = 80; }`,
      "c.warnings",
    ),
    modules: () => [
      assertionsModule,
      { options: { addr: mkOption({ type: types.str }) } },
      mkMergedOptionModule([["host"], ["port"]], ["addr"], (config: any) => `${config.host}:${String(config.port)}`),
      { _file: "def-host", host: "h", port: 80 },
    ],
    read: "warnings",
    expect: {
      value: [
        "The option `host' defined in `def-host' has been changed to `addr' that has a different type. Please read `addr' documentation and update your configuration accordingly.",
        "The option `port' defined in `def-host' has been changed to `addr' that has a different type. Please read `addr' documentation and update your configuration accordingly.",
      ],
    },
  },
  {
    name: "mkMergedOptionModule: old options that are not defined read as the placeholder",
    nix: nixR(
      `{ options.addr = mkOption { type = types.str; }; } (mkMergedOptionModule [ [ "host" ] [ "port" ] ] [ "addr" ] (config: "\${config.host}|\${toString config.port}")) { host = "h"; }`,
      "c.addr",
    ),
    modules: () => [
      assertionsModule,
      { options: { addr: mkOption({ type: types.str }) } },
      mkMergedOptionModule([["host"], ["port"]], ["addr"], (config: any) => `${config.host}|${String(config.port)}`),
      { host: "h" },
    ],
    read: "addr",
    expect: { value: "h|_mkMergedOptionModule" },
  },
];
