/**
 * What the module system hands to the layers above it: a type's `merge` gets each
 * definition's value followed (no reference, no `lazy` at its top), option values read
 * from `config` are followed, `result.options` is made of plain objects and option
 * infos, and `force` (the one accessor for values nested inside what a module wrote)
 * follows references and `lazy` shallowly. None of it computes what is not read.
 */
import { describe, expect, it } from "vitest";
import {
  evalModules,
  force,
  isLazy,
  isOptionInfo,
  lazy,
  mkForce,
  mkIf,
  mkMerge,
  mkOption,
  mkOptionType,
  mkOrder,
  types,
} from "../../src/modules/index.js";

/** Whether `v` is a reference proxy or a lazy wrapper (a reference is a callable proxy over an object). */
function wrapped(v: unknown): boolean {
  return isLazy(v) || (typeof v === "function" && typeof force(v) !== "function");
}

describe("values at the module system's boundary", () => {
  it("a type's merge receives every definition's value followed, whatever wraps it", () => {
    const seen: unknown[] = [];
    const recording = mkOptionType<unknown[]>({
      name: "recording",
      merge: (_loc, defs) => {
        for (const d of defs) seen.push(d.value);
        return defs.map((d) => d.value);
      },
    });
    const { config } = evalModules({
      modules: [
        { options: { source: mkOption({ type: types.attrs }), out: mkOption({ type: recording }) } },
        { config: { source: { n: 0 } } },
        { config: { out: lazy(() => ({ n: 1 })) } },
        ({ config }: { config: { source: unknown } }) => ({ config: { out: config.source } }),
        {
          config: {
            out: mkIf(
              true,
              lazy(() => ({ n: 2 })),
            ),
          },
        },
        { config: { out: mkMerge([lazy(() => ({ n: 3 }))]) } },
        {
          config: {
            out: mkOrder(
              500,
              lazy(() => ({ n: 4 })),
            ),
          },
        },
      ],
    });
    const out = (config as { out: { n: number }[] }).out;
    expect(seen.filter(wrapped)).toEqual([]);
    expect(out.map((v) => v.n).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("a type's merge receives an overriding definition's value followed", () => {
    let seen: unknown;
    const recording = mkOptionType<unknown>({
      name: "recording",
      merge: (_loc, defs) => (seen = defs.map((d) => d.value)),
    });
    evalModules({
      modules: [
        { options: { out: mkOption({ type: recording }) } },
        { config: { out: 1 } },
        { config: { out: mkForce(lazy(() => ({ n: 5 }))) } },
      ],
    }).config.out;
    expect(seen).toEqual([{ n: 5 }]);
  });

  it("an option's value read from config is followed at its top; values inside it stay as written", () => {
    const inner = lazy(() => "inner");
    const { config } = evalModules({
      modules: [
        { options: { a: mkOption({ type: types.raw }), b: mkOption({ type: types.str }) } },
        { config: { a: lazy(() => ({ inner })) } },
        ({ config }: { config: { a: { inner: unknown } } }) => ({ config: { b: lazy(() => force(config.a.inner)) } }),
      ],
    });
    const c = config as { a: { inner: unknown }; b: string };
    expect(wrapped(c.a)).toBe(false);
    expect(c.a.inner).toBe(inner);
    expect(force(c.a.inner)).toBe("inner");
    expect(c.b).toBe("inner");
  });

  it("result.options is plain objects down to option infos, and reading it computes no value", () => {
    const { options } = evalModules({
      modules: [
        {
          options: {
            top: mkOption({ type: types.int }),
            group: { inner: mkOption({ type: types.str }), deeper: { leaf: mkOption({ type: types.bool }) } },
          },
        },
        {
          config: {
            top: lazy(() =>
              (() => {
                throw new Error("top was computed");
              })(),
            ),
          },
        },
      ],
    });
    const infos: string[] = [];
    const walk = (node: unknown, path: string[]) => {
      expect(wrapped(node)).toBe(false);
      if (isOptionInfo(node)) infos.push(path.join("."));
      else
        for (const k of Object.keys(node as object))
          if (k !== "_module") walk((node as Record<string, unknown>)[k], [...path, k]);
    };
    walk(options, []);
    expect(infos).toEqual(["group.deeper.leaf", "group.inner", "top"]);
  });

  it("force follows references and lazy values, shallowly, and returns other values as they are", () => {
    const nested = lazy(() => 2);
    const value = { nested };
    expect(force(lazy(() => lazy(() => value)))).toBe(value);
    expect(force(value).nested).toBe(nested);
    expect(force(3)).toBe(3);
    const f = () => 4;
    expect(force(f)).toBe(f);
    let ref: unknown;
    const { config } = evalModules({
      modules: [
        { options: { a: mkOption({ type: types.int }), b: mkOption({ type: types.raw }) } },
        { config: { a: 7 } },
        ({ config }: { config: { a: number } }) => ({ config: { b: (ref = config.a) } }),
      ],
    });
    expect((config as { b: number }).b).toBe(7);
    expect(typeof ref).toBe("function");
    expect(force(ref)).toBe(7);
  });

  it("an option whose value is never read is never computed, nor merged", () => {
    let merged = 0;
    const counting = mkOptionType<unknown>({ name: "counting", merge: (_l, defs) => (merged++, defs[0]!.value) });
    const { config } = evalModules({
      modules: [
        { options: { read: mkOption({ type: types.int }), unread: mkOption({ type: counting }) } },
        {
          config: {
            read: 1,
            unread: lazy(() => {
              throw new Error("unread was computed");
            }),
          },
        },
      ],
    });
    expect(config.read).toBe(1);
    expect(merged).toBe(0);
  });
});
