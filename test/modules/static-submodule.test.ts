import { describe, expect, it } from "vitest";
import { evalModules, lazy, mkForce, mkIf, mkOption, mkOrder, types } from "../../src/modules/index.js";
import { internalModuleOptions } from "../../src/modules/eval.js";
import { staticDeclarations, staticSubmoduleConfig } from "../../src/modules/static-submodule.js";
import type { OptionType } from "../../src/modules/types/option-type.js";

/** The options of a guest, as a plain module: its values skip their own evaluation. */
const guestOptions = {
  options: {
    enable: mkOption({ type: types.bool, default: false }),
    mem: mkOption({ type: types.int, default: 512 }),
    tags: mkOption({ type: types.listOf(types.str), default: [] }),
    net: { mac: mkOption({ type: types.nullOr(types.str), default: null }) },
  },
};

/** The same options given by a module function: its values are evaluated as any submodule's. */
const evaluatedGuestOptions = () => guestOptions;

function fleet(guestModule: unknown, ...defs: unknown[]) {
  return evalModules({
    modules: [
      { _file: "declare.ts", options: { guests: mkOption({ type: types.attrsOf(types.submodule(guestModule)) }) } },
      ...defs.map((guests, i) => ({ _file: `define-${i + 1}.ts`, guests })),
    ],
  }).config;
}

/** What reading the guests gives, with the plain module and with the module function: the same JSON, or the same error. */
function both(...defs: unknown[]): { fast: string; evaluated: string } {
  const read = (m: unknown) => {
    try {
      return JSON.stringify(fleet(m, ...defs).guests);
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  };
  return { fast: read(guestOptions), evaluated: read(evaluatedGuestOptions) };
}

/** The guest submodule type as its option declaration made it (its modules wrapped with the declaring file). */
function declaredGuestType(): OptionType {
  const r = evalModules({
    modules: [
      { _file: "declare.ts", options: { guests: mkOption({ type: types.attrsOf(types.submodule(guestOptions)) }) } },
    ],
  });
  return (r.options.guests.type as OptionType).nestedTypes.elemType!;
}

describe("a submodule value of static data is what its evaluation gives", () => {
  it("values, defaults, priorities and list order across definitions", () => {
    const r = both(
      { a: { enable: true, mem: mkForce(256), tags: ["x"] }, b: { tags: mkOrder(2000, ["late"]) } },
      { a: { mem: 128, tags: ["y"], net: { mac: "02:00:00:00:00:01" } }, b: { tags: ["early"] } },
    );
    expect(r.fast).toBe(r.evaluated);
    expect(JSON.parse(r.fast)).toEqual({
      a: { enable: true, mem: 256, net: { mac: "02:00:00:00:00:01" }, tags: ["x", "y"] },
      b: { enable: false, mem: 512, net: { mac: null }, tags: ["early", "late"] },
    });
  });

  it("a value of the wrong type is the same error, naming the option and the file", () => {
    const r = both({ a: { mem: "lots" } });
    expect(r.fast).toBe(r.evaluated);
    expect(r.fast).toContain("guests.a.mem");
    expect(r.fast).toContain("define-1.ts");
  });

  it("conflicting definitions are the same error", () => {
    const r = both({ a: { mem: 1 } }, { a: { mem: 2 } });
    expect(r.fast).toBe(r.evaluated);
    expect(r.fast).toContain("define-2.ts");
  });

  it("an undeclared option is the same error", () => {
    const r = both({ a: { memory: 1 } });
    expect(r.fast).toBe(r.evaluated);
    expect(r.fast).toContain("memory");
  });

  it("conditions, getters, lazy values and the submodule's own arguments give the same values", () => {
    const withGetter = {
      get mem() {
        return 64;
      },
    };
    const r = both(
      { a: mkIf(true, { mem: 2 }), b: { mem: mkIf(false, 3) }, c: withGetter, d: { tags: lazy(() => ["l"]) } },
      { e: { _module: { args: { extra: 1 } } } },
    );
    expect(r.fast).toBe(r.evaluated);
    expect(JSON.parse(r.fast).c.mem).toBe(64);
  });
});

describe("static submodule values in other places are what their evaluations give", () => {
  /** `type(m)` built around a plain guest module and around the same module given by a function. */
  function same(type: (m: unknown) => OptionType, ...defs: unknown[]): string {
    const read = (m: unknown) => {
      try {
        const r = evalModules({
          modules: [
            { _file: "declare.ts", options: { v: mkOption({ type: type(m) }) } },
            ...defs.map((v, i) => ({ _file: `define-${i + 1}.ts`, v })),
          ],
        });
        return JSON.stringify(r.config.v);
      } catch (e) {
        return `error: ${(e as Error).message}`;
      }
    };
    const fast = read(guestOptions);
    expect(fast).toBe(read(evaluatedGuestOptions));
    return fast;
  }

  it("in a list", () => {
    expect(same((m) => types.listOf(types.submodule(m)), [{ mem: 1 }, { tags: ["a"] }], [{ enable: true }])).toContain(
      '"mem":1',
    );
    expect(same((m) => types.listOf(types.submodule(m)), [{ mem: "x" }])).toContain("error");
  });

  it("nested in another submodule", () => {
    const outer = (m: unknown) =>
      types.attrsOf(types.submodule({ options: { inner: mkOption({ type: types.submodule(m), default: {} }) } }));
    expect(same(outer, { a: { inner: { mem: 2 } } }, { b: {} })).toBe(
      '{"a":{"inner":{"enable":false,"mem":2,"net":{"mac":null},"tags":[]}},"b":{"inner":{"enable":false,"mem":512,"net":{"mac":null},"tags":[]}}}',
    );
  });

  it("as the single value of a nullable option, and with shorthand off", () => {
    expect(same((m) => types.nullOr(types.submodule(m)), { mem: 7 })).toContain('"mem":7');
    expect(
      same((m) => types.submoduleWith({ modules: [m], shorthandOnlyDefinesConfig: false }), { config: { mem: 8 } }),
    ).toContain('"mem":8');
  });
});

describe("which submodule values skip their evaluation", () => {
  const internal = internalModuleOptions();

  it("a type of plain declaring modules does, as its option declaration wraps them", () => {
    const type = declaredGuestType();
    const declaring = staticDeclarations(type.subModules!, internal);
    expect(declaring).not.toBeNull();
    expect(declaring!.modules.map((m) => m.file)).toEqual(["declare.ts", "lib/modules.ts", "declare.ts"]);
    const config = staticSubmoduleConfig(declaring!, ["guests", "a"], [{ file: "d.ts", value: { mem: 3 } }]);
    expect(JSON.stringify(config)).toBe('{"enable":false,"mem":3,"net":{"mac":null},"tags":[]}');
  });

  it.each([
    ["a module function", () => guestOptions],
    ["a module with configuration", { ...guestOptions, config: { mem: 1 } }],
    ["a module with a key", { ...guestOptions, key: "guest" }],
    ["a module with a class", { ...guestOptions, _class: "guest" }],
    ["a module with a freeform type", { ...guestOptions, freeformType: types.attrs }],
    ["an option with apply", { options: { mem: mkOption({ type: types.int, apply: (x: number) => x + 1 }) } }],
    ["a file path", "/nonexistent/guest.js"],
  ])("a type with %s does not", (_what, module) => {
    expect(staticDeclarations([module], internal)).toBeNull();
  });

  it.each([
    ["a getter", Object.defineProperty({}, "mem", { get: () => 1, enumerable: true })],
    ["a lazy value", { mem: lazy(() => 1) }],
    ["a condition", mkIf(true, { mem: 1 })],
    ["a function", () => ({ mem: 1 })],
    ["a definition under _module", { _module: { args: { name: "x" } } }],
    ["an undeclared option", { memory: 1 }],
  ])("a definition that is %s does not", (_what, value) => {
    const declaring = staticDeclarations(declaredGuestType().subModules!, internal)!;
    expect(staticSubmoduleConfig(declaring, ["guests", "a"], [{ file: "d.ts", value }])).toBeUndefined();
  });
});
