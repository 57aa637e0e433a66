// Unit tests of src/modules/renames.ts beyond the conformance table (renames.cases.ts).
// Expected values of the doRename/submodule/merged cases were checked with nix-oracle.
import { describe, expect, it } from "vitest";
import {
  assertionsModule,
  doRename,
  evalModules,
  mkAliasAndWrapDefsWithPriority,
  mkAliasDefinitions,
  mkDefault,
  mkForce,
  mkMergedOptionModule,
  mkOption,
  mkRemovedOptionModule,
  mkRenamedOptionModule,
  type ModuleError,
  types,
} from "../../src/index.js";

const failure = (f: () => unknown): ModuleError => {
  try {
    f();
  } catch (e) {
    return e as ModuleError;
  }
  throw new Error("expected an error");
};
const newList = { options: { new: mkOption({ type: types.listOf(types.int), default: [] }) } };
const newInt = { options: { new: mkOption({ type: types.int, default: 0 }) } };

describe("mkRenamedOptionModule", () => {
  it("names every defining file in its warning", () => {
    const r = evalModules({
      modules: [
        assertionsModule,
        newList,
        mkRenamedOptionModule(["old"], ["new"]),
        { _file: "f1", old: [1] },
        { _file: "f2", old: [2] },
      ],
    });
    expect(r.config.warnings).toEqual(["The option `old' defined in `f2' and `f1' has been renamed to `new'."]);
    expect(r.config.new).toEqual([2, 1]);
  });

  it("forwards without a warnings option (the warning is dropped, as in the reference)", () => {
    const r = evalModules({ modules: [newList, mkRenamedOptionModule(["old"], ["new"]), { old: [1] }] });
    expect(r.config.new).toEqual([1]);
    expect("warnings" in r.config).toBe(false);
  });

  it("forwards into a submodule value", () => {
    const hosts = {
      options: {
        hosts: mkOption({
          type: types.attrsOf(types.submodule({ options: { port: mkOption({ type: types.int, default: 22 }) } })),
          default: {},
        }),
      },
    };
    const r = evalModules({
      modules: [assertionsModule, hosts, mkRenamedOptionModule(["port"], ["hosts", "main", "port"]), { port: 80 }],
    });
    expect(r.config.hosts).toEqual({ main: { port: 80 } });
    expect(r.config.port).toBe(80);
    expect(r.config.warnings).toEqual([
      "The option `port' defined in `<unknown-file>' has been renamed to `hosts.main.port'.",
    ]);
  });

  it("gives the old option the new option's type", () => {
    const r = evalModules({ modules: [newInt, mkRenamedOptionModule(["old"], ["new"])] });
    expect(r.options.old.type.description).toBe("signed integer");
    expect(r.options.old.type.name).toBe("int");
  });

  it("serves extendModules: the extension forwards, the base is unchanged", () => {
    const base = evalModules({ modules: [assertionsModule, newInt, mkRenamedOptionModule(["old"], ["new"])] });
    const ext = base.extendModules({ modules: [{ _file: "ext", old: 3 }] });
    expect([ext.config.new, ext.config.old, ext.config.warnings]).toEqual([
      3,
      3,
      ["The option `old' defined in `ext' has been renamed to `new'."],
    ]);
    expect([base.config.new, base.config.warnings]).toEqual([0, []]);
  });
});

describe("doRename", () => {
  it("does nothing when its condition is false", () => {
    const r = evalModules({
      modules: [
        assertionsModule,
        newList,
        doRename({ from: ["old"], to: ["new"], visible: false, warn: true, use: (x) => x, condition: false }),
        { old: [1] },
      ],
    });
    expect([r.config.new, r.config.old, r.config.warnings]).toEqual([[], [], []]);
  });

  it("drops priorities with withPriority false", () => {
    const rename = doRename({
      from: ["old"],
      to: ["new"],
      visible: false,
      warn: false,
      use: (x) => x,
      withPriority: false,
    });
    const r = evalModules({ modules: [newInt, rename, { old: mkDefault(1) }, { new: 2 }] });
    expect(failure(() => r.config.new).code).toBe("CONFLICT");
  });

  it("maps the value read at the old path with `use`", () => {
    const r = evalModules({
      modules: [
        newInt,
        doRename({ from: ["old"], to: ["new"], visible: true, warn: false, use: (x) => `v${x}` }),
        { new: 4 },
      ],
    });
    expect(r.config.old).toBe("v4");
  });
});

describe("mkRemovedOptionModule", () => {
  it("reading the removed option is REMOVED_OPTION even when it is not defined", () => {
    const r = evalModules({ modules: [assertionsModule, mkRemovedOptionModule(["gone"], "Use x.")] });
    const e = failure(() => r.config.gone);
    expect(e.code).toBe("REMOVED_OPTION");
    expect(e.optionPath).toEqual(["gone"]);
  });

  it("names the definitions in the error", () => {
    const r = evalModules({
      modules: [assertionsModule, mkRemovedOptionModule(["gone"], "Use x."), { _file: "def", gone: 1 }],
    });
    expect(failure(() => r.config.gone).definitions).toEqual([{ file: "def", value: 1 }]);
  });
});

describe("mkMergedOptionModule", () => {
  it("merges nested old paths and reads the undefined ones as the placeholder", () => {
    const r = evalModules({
      modules: [
        assertionsModule,
        { options: { addr: mkOption({ type: types.str, default: "none" }) } },
        mkMergedOptionModule(
          [
            ["a", "host"],
            ["a", "port"],
          ],
          ["addr"],
          (c: any) => `${c.a.host}:${c.a.port}`,
        ),
        { a: { port: 1 } },
      ],
    });
    expect(r.config.addr).toBe("_mkMergedOptionModule:1");
    expect(r.config.warnings).toEqual([
      "The option `a.port' defined in `<unknown-file>' has been changed to `addr' that has a different type. Please read `addr' documentation and update your configuration accordingly.",
    ]);
  });
});

describe("mkAliasDefinitions", () => {
  const decl = {
    options: {
      a: mkOption({ type: types.listOf(types.int) }),
      b: mkOption({ type: types.listOf(types.int), default: [0] }),
    },
  };

  it("copies the definitions of another option", () => {
    const alias = ({ options }: any) => ({ config: { b: mkAliasDefinitions(options.a) } });
    expect(evalModules({ modules: [decl, alias, { a: [1] }, { a: [2] }] }).config.b).toEqual([2, 1]);
  });

  it("defines nothing when the option is not defined", () => {
    const alias = ({ options }: any) => ({ config: { b: mkAliasDefinitions(options.a) } });
    expect(evalModules({ modules: [decl, alias] }).config.b).toEqual([0]);
  });

  it("drops priorities; mkAliasAndWrapDefsWithPriority keeps them", () => {
    const plain = ({ options }: any) => ({ config: { b: mkAliasDefinitions(options.a) } });
    const prio = ({ options }: any) => ({ config: mkAliasAndWrapDefsWithPriority((d) => ({ b: d }), options.a) });
    const mods = [decl, { a: mkForce([1]) }, { b: [9] }];
    expect(evalModules({ modules: [...mods, plain] }).config.b).toEqual([1, 9]);
    expect(evalModules({ modules: [...mods, prio] }).config.b).toEqual([1]);
  });
});
