/** The assertions/warnings module: collected values, and the post-evaluation check. */
import { types, mkOption, mkIf, mkBefore, assertionsModule, checkAssertions } from "../../../src/index.js";
import type { ConformanceCase } from "./case.js";
import { typeErr, nixAssertionsModule } from "./type-case-helpers.js";

const nixR = (mods: string, read: string) =>
  `with lib; let c = (evalModules { modules = [ ${nixAssertionsModule} ${mods} ]; }).config; in ${read}`;
/** Nix: what NixOS's toplevel does with failed assertions. */
const nixCheck = `let failed = map (x: x.message) (filter (x: !x.assertion) c.assertions); in if failed == [ ] then "ok" else throw "\\nFailed assertions:\\n\${concatStringsSep "\\n" (map (x: "- \${x}") failed)}"`;
const nixEnable = `{ options.enable = mkOption { type = types.bool; default = false; }; options.port = mkOption { type = types.int; default = 0; }; }`;
const tsEnable = () => ({
  options: { enable: mkOption({ type: types.bool, default: false }), port: mkOption({ type: types.int, default: 0 }) },
});
const msgs = (r: any) => r.config.assertions.map((a: any) => ({ assertion: a.assertion, message: a.message }));
const nixMsgs = "map (a: { inherit (a) assertion message; }) c.assertions";

export const cases: ConformanceCase[] = [
  {
    name: "assertions and warnings are empty lists by default",
    nix: nixR("", "[ c.assertions c.warnings ]"),
    modules: () => [assertionsModule],
    read: (r) => [r.config.assertions, r.config.warnings],
    expect: { value: [[], []] },
  },
  {
    name: "assertions from several modules are concatenated, last module first",
    nix: nixR(
      `{ assertions = [ { assertion = true; message = "one"; } ]; } { assertions = [ { assertion = false; message = "two"; } { assertion = true; message = "three"; } ]; }`,
      nixMsgs,
    ),
    modules: () => [
      assertionsModule,
      { assertions: [{ assertion: true, message: "one" }] },
      {
        assertions: [
          { assertion: false, message: "two" },
          { assertion: true, message: "three" },
        ],
      },
    ],
    read: msgs,
    expect: {
      value: [
        { assertion: false, message: "two" },
        { assertion: true, message: "three" },
        { assertion: true, message: "one" },
      ],
    },
  },
  {
    name: "assertions may read config",
    nix: nixR(
      `${nixEnable} ({ config, ... }: { enable = true; assertions = [ { assertion = config.enable -> config.port != 0; message = "port must be set"; } ]; })`,
      nixMsgs,
    ),
    modules: () => [
      assertionsModule,
      tsEnable(),
      ({ config }: any) => ({
        enable: true,
        assertions: [
          {
            get assertion() {
              return !config.enable || config.port !== 0;
            },
            message: "port must be set",
          },
        ],
      }),
    ],
    read: msgs,
    expect: { value: [{ assertion: false, message: "port must be set" }] },
  },
  {
    name: "assertions under a false mkIf are not collected",
    nix: nixR(
      `${nixEnable} ({ config, ... }: mkIf config.enable { assertions = [ { assertion = false; message = "hidden"; } ]; })`,
      "c.assertions",
    ),
    modules: () => [
      assertionsModule,
      tsEnable(),
      ({ config }: any) => mkIf(() => config.enable, { assertions: [{ assertion: false, message: "hidden" }] }),
    ],
    read: "assertions",
    expect: { value: [] },
  },
  {
    name: "warnings from several modules are concatenated, last module first",
    nix: nixR(`{ warnings = [ "w1" ]; } { warnings = [ "w2" "w3" ]; }`, "c.warnings"),
    modules: () => [assertionsModule, { warnings: ["w1"] }, { warnings: ["w2", "w3"] }],
    read: "warnings",
    expect: { value: ["w2", "w3", "w1"] },
  },
  {
    name: "warnings respect mkBefore",
    nix: nixR(`{ warnings = [ "w1" ]; } { warnings = mkBefore [ "early" ]; } { warnings = [ "w2" ]; }`, "c.warnings"),
    modules: () => [assertionsModule, { warnings: ["w1"] }, { warnings: mkBefore(["early"]) }, { warnings: ["w2"] }],
    read: "warnings",
    expect: { value: ["early", "w2", "w1"] },
  },
  {
    name: "warnings under mkIf follow the condition",
    nix: nixR(
      `${nixEnable} ({ config, ... }: { enable = true; warnings = mkIf config.enable [ "enabled" ]; }) ({ config, ... }: { warnings = mkIf (!config.enable) [ "disabled" ]; })`,
      "c.warnings",
    ),
    modules: () => [
      assertionsModule,
      tsEnable(),
      ({ config }: any) => ({ enable: true, warnings: mkIf(() => config.enable, ["enabled"]) }),
      ({ config }: any) => ({ warnings: mkIf(() => !config.enable, ["disabled"]) }),
    ],
    read: "warnings",
    expect: { value: ["enabled"] },
  },
  {
    name: "warnings must be strings",
    nix: nixR(`{ warnings = [ 1 ]; }`, "c.warnings"),
    modules: () => [assertionsModule, { warnings: [1] }],
    read: "warnings",
    expect: typeErr('warnings."[definition 1-entry 1]"', "string"),
  },
  {
    name: "the assertion check passes when every assertion holds",
    nix: nixR(`{ assertions = [ { assertion = true; message = "fine"; } ]; }`, nixCheck),
    modules: () => [assertionsModule, { assertions: [{ assertion: true, message: "fine" }] }],
    read: (r) => {
      checkAssertions(r.config);
      return "ok";
    },
    expect: { value: "ok" },
  },
  {
    name: "the assertion check reports every failed assertion",
    nix: nixR(
      `{ assertions = [ { assertion = false; message = "first problem"; } { assertion = true; message = "fine"; } ]; } { assertions = [ { assertion = false; message = "second problem"; } ]; }`,
      nixCheck,
    ),
    modules: () => [
      assertionsModule,
      {
        assertions: [
          { assertion: false, message: "first problem" },
          { assertion: true, message: "fine" },
        ],
      },
      { assertions: [{ assertion: false, message: "second problem" }] },
    ],
    read: (r) => {
      checkAssertions(r.config);
      return "ok";
    },
    expect: {
      error: { code: "ASSERTION_FAILED", match: /Failed assertions:\n\s*- second problem\n\s*- first problem/ },
    },
  },
];
