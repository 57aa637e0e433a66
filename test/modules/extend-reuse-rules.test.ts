import { describe, expect, it } from "vitest";
import { evalModules, evaluationStats, mkForce, mkOption, types } from "../../src/index.js";

/**
 * One test per rule of docs/semantics.md ("Reuse in extendModules"): each fails when its
 * rule is taken out of the evaluator (the value would be the base's, and wrong) or, for
 * the rules that only save work, when the work is no longer saved.
 */
const decl = {
  _file: "decl.ts",
  options: {
    a: mkOption({ type: types.int, default: 1 }),
    b: mkOption({ type: types.int, default: 0 }),
    list: mkOption({ type: types.listOf(types.str), default: [] }),
    set: mkOption({ type: types.attrsOf(types.int), default: {} }),
  },
};
const read = (r: { config: unknown }) => JSON.parse(JSON.stringify(r.config));

describe("extendModules takes a value from its base only when it would be computed the same", () => {
  it("not when its definitions differ (a new module defines the option)", () => {
    const base = evalModules({ modules: [decl, { _file: "base.ts", list: ["base"] }] });
    read(base);
    const ext = base.extendModules({ modules: [{ _file: "new.ts", list: ["new"] }] });
    expect(ext.config.list).toEqual(["new", "base"]);
  });

  it("not when an option it read has another value", () => {
    const base = evalModules({
      modules: [
        decl,
        ({ config }: any) => ({
          _file: "reads.ts",
          get b() {
            return config.a * 2;
          },
        }),
      ],
    });
    read(base);
    const ext = base.extendModules({ modules: [{ a: mkForce(21) }] });
    expect(ext.config.b).toBe(42);
  });

  it("not when it read a module argument that has another value", () => {
    const base = evalModules({
      modules: [decl, ({ n }: any) => ({ _file: "arg.ts", b: n }), { _module: { args: { n: 1 } } }],
    });
    read(base);
    const ext = base.extendModules({ modules: [{ _module: { args: { n: mkForce(2) } } }] });
    expect(ext.config.b).toBe(2);
  });

  it("not when it read an option's definitions or priority (which are no value to compare)", () => {
    const base = evalModules({
      modules: [
        decl,
        ({ options }: any) => ({
          _file: "prio.ts",
          get b() {
            return options.a.highestPrio;
          },
        }),
      ],
    });
    expect(read(base).b).toBe(1500);
    const ext = base.extendModules({ modules: [{ a: mkForce(5) }] });
    expect(ext.config.b).toBe(50);
  });

  it("not when it holds parts still to compute (a node of the configuration it was made in)", () => {
    const opts = {
      _file: "net.ts",
      options: { net: { host: mkOption({ type: types.str, default: "h" }) }, view: mkOption({ type: types.raw }) },
    };
    const base = evalModules({
      modules: [
        opts,
        ({ config }: any) => ({
          _file: "view.ts",
          get view() {
            return config.net;
          },
        }),
      ],
    });
    expect(base.config.view.host).toBe("h");
    const ext = base.extendModules({ modules: [{ net: { host: mkForce("other") } }] });
    expect(ext.config.view.host).toBe("other");
    expect(base.config.view.host).toBe("h");
  });

  it("but when nothing it came from changed, the base's value serves, and whole parts of the configuration with it", () => {
    const base = evalModules({ modules: [decl, { _file: "base.ts", a: 3, b: 4, list: ["x"] }] });
    read(base);
    const ext = base.extendModules({ modules: [{ set: { k: 1 } }] });
    expect(read(ext)).toEqual({ a: 3, b: 4, list: ["x"], set: { k: 1 } });
    expect(evaluationStats(ext)).toEqual({ reused: 3, shared: 3 });
  });
});

describe("extendModules indexes only its new modules' definitions, when it can tell where they go", () => {
  it("not when a new module declares options (the declaration tree is another)", () => {
    const base = evalModules({ modules: [decl, { _file: "base.ts", list: ["base"], b: 2 }] });
    read(base);
    const ext = base.extendModules({
      modules: [
        { _file: "new.ts", options: { c: mkOption({ type: types.int, default: 5 }) }, config: { list: ["new"] } },
      ],
    });
    expect(read(ext)).toEqual({ a: 1, b: 2, c: 5, list: ["new", "base"], set: {} });
  });

  it("not when a new module disables a module of the base", () => {
    const base = evalModules({
      modules: [decl, { _file: "m.ts", key: "m", list: ["m"] }, { _file: "k.ts", list: ["k"] }],
    });
    read(base);
    const ext = base.extendModules({ modules: [{ _file: "new.ts", disabledModules: [{ key: "m" }], list: ["new"] }] });
    expect(ext.config.list).toEqual(["new", "k"]);
  });

  it("not when the base had definitions for its freeform type", () => {
    const free = {
      _file: "free.ts",
      options: decl.options,
      config: { _module: { freeformType: types.attrsOf(types.int) } },
    };
    const base = evalModules({ modules: [free, { _file: "base.ts", extra: 1 }] });
    expect(read(base)).toMatchObject({ extra: 1 });
    const ext = base.extendModules({ modules: [{ _file: "new.ts", a: mkForce(2) }] });
    expect(read(ext)).toMatchObject({ a: 2, extra: 1 });
  });

  it("not when a new module defines something for the freeform type", () => {
    const free = {
      _file: "free.ts",
      options: decl.options,
      config: { _module: { freeformType: types.attrsOf(types.int) } },
    };
    const base = evalModules({ modules: [free, { _file: "base.ts", a: 2 }] });
    read(base);
    const ext = base.extendModules({ modules: [{ _file: "new.ts", more: 3 }] });
    expect(read(ext)).toMatchObject({ a: 2, more: 3 });
  });
});
