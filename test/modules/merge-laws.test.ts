/**
 * Property tests for the merge laws of the module system: priorities, mkMerge, mkIf,
 * mkOrder and the type merges, each checked over generated definitions.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  evalModules,
  mkOption,
  types,
  mkIf,
  mkMerge,
  mkOverride,
  mkForce,
  mkDefault,
  mkOrder,
} from "../../src/index.js";

const runs = { numRuns: 60 };

/** The value of option `a` of type `type` with one module per definition, in order. */
function mergedValue(type: unknown, defs: unknown[], extra: unknown[] = []): unknown {
  const modules = [
    { _file: "decl", options: { a: mkOption({ type: type as any }) } },
    ...defs.map((d, i) => ({ _file: `def${i + 1}`, config: { a: d } })),
    ...extra,
  ];
  const r = evalModules({ modules } as any);
  return JSON.parse(JSON.stringify((r.config as any).a));
}
/** Like valueOf, but the error code (or "ok"). */
function codeOf(type: unknown, defs: unknown[]): string {
  try {
    mergedValue(type, defs);
    return "ok";
  } catch (e: any) {
    return e?.code ?? String(e);
  }
}

const intList = () => types.listOf(types.int);
const smallList = fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 3 });
const prio = fc.constantFrom(10, 50, 60, 100, 1000, 1500, 42, 777);

describe("priorities", () => {
  it("only the definitions with the lowest priority number survive, whatever their order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(prio, smallList), { minLength: 1, maxLength: 6 }),
        fc.infiniteStream(fc.nat()),
        (defs, seeds) => {
          const min = Math.min(...defs.map(([p]) => p));
          const expected = defs
            .filter(([p]) => p === min)
            .reverse()
            .flatMap(([, v]) => v);
          expect(
            mergedValue(
              intList(),
              defs.map(([p, v]) => mkOverride(p, v)),
            ),
          ).toEqual(expected);
          // a shuffled order keeps the same surviving multiset
          const it = seeds[Symbol.iterator]();
          const shuffled = [...defs].sort(() => (it.next().value % 3) - 1);
          const got = mergedValue(
            intList(),
            shuffled.map(([p, v]) => mkOverride(p, v)),
          ) as number[];
          expect([...got].sort((x, y) => x - y)).toEqual([...expected].sort((x, y) => x - y));
        },
      ),
      runs,
    );
  });

  it("for a scalar type, the lowest-priority value wins regardless of position", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(prio, fc.integer()), { minLength: 1, maxLength: 6 }),
        fc.integer(),
        fc.nat(),
        (others, winner, pos) => {
          const lowest = Math.min(...others.map(([p]) => p)) - 1;
          const defs: unknown[] = others.map(([p, v]) => mkOverride(p, v));
          defs.splice(pos % (defs.length + 1), 0, mkOverride(lowest, winner));
          expect(mergedValue(types.int, defs)).toBe(winner);
        },
      ),
      runs,
    );
  });

  it("mkDefault never beats a plain definition, and mkForce always does", () => {
    const kind = fc.constantFrom("default", "plain", "force");
    fc.assert(
      fc.property(fc.array(fc.tuple(kind, smallList), { minLength: 1, maxLength: 6 }), (defs) => {
        const wrap = ([k, v]: [string, number[]]) => (k === "force" ? mkForce(v) : k === "default" ? mkDefault(v) : v);
        const best = defs.some(([k]) => k === "force")
          ? "force"
          : defs.some(([k]) => k === "plain")
            ? "plain"
            : "default";
        const expected = defs
          .filter(([k]) => k === best)
          .reverse()
          .flatMap(([, v]) => v);
        expect(mergedValue(intList(), defs.map(wrap))).toEqual(expected);
      }),
      runs,
    );
  });

  it("an option default is replaced by any definition", () => {
    fc.assert(
      fc.property(smallList, fc.array(smallList, { minLength: 1, maxLength: 4 }), (dflt, defs) => {
        const r = evalModules({
          modules: [{ options: { a: mkOption({ type: intList(), default: dflt }) } }, ...defs.map((d) => ({ a: d }))],
        } as any);
        expect((r.config as any).a).toEqual([...defs].reverse().flat());
      }),
      runs,
    );
  });
});

describe("mkMerge and mkIf", () => {
  it("definitions in separate modules concatenate in reverse collection order", () => {
    fc.assert(
      fc.property(fc.array(smallList, { maxLength: 6 }), (defs) => {
        const expected = [...defs].reverse().flat();
        expect(mergedValue(intList(), defs, [{ a: [] }].slice(defs.length ? 1 : 0))).toEqual(expected);
      }),
      runs,
    );
  });

  it("mkMerge keeps the order of its contents within one module", () => {
    fc.assert(
      fc.property(fc.array(smallList, { minLength: 1, maxLength: 6 }), (parts) => {
        expect(mergedValue(intList(), [mkMerge(parts)])).toEqual(parts.flat());
      }),
      runs,
    );
  });

  it("mkMerge flattening is associative", () => {
    fc.assert(
      fc.property(smallList, smallList, smallList, (x, y, z) => {
        const left = mergedValue(intList(), [mkMerge([mkMerge([x, y]), z])]);
        const right = mergedValue(intList(), [mkMerge([x, mkMerge([y, z])])]);
        const flat = mergedValue(intList(), [mkMerge([x, y, z])]);
        expect(left).toEqual(flat);
        expect(right).toEqual(flat);
      }),
      runs,
    );
  });

  it("mkIf false is an identity, mkIf true is the plain definition", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), smallList), { minLength: 1, maxLength: 6 }), (defs) => {
        const base = [{ _file: "base", a: [0] }];
        const withIf = mergedValue(
          intList(),
          defs.map(([c, v]) => mkIf(c, v)),
          base,
        );
        const plainKept = mergedValue(
          intList(),
          defs.filter(([c]) => c).map(([, v]) => v),
          base,
        );
        expect(withIf).toEqual(plainKept);
      }),
      runs,
    );
  });

  it("mkIf distributes over mkMerge", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(smallList, { minLength: 1, maxLength: 4 }), (c, parts) => {
        const outer = mergedValue(intList(), [mkIf(c, mkMerge(parts))], [{ a: [0] }]);
        const inner = mergedValue(intList(), [mkMerge(parts.map((p) => mkIf(c, p)))], [{ a: [0] }]);
        expect(outer).toEqual(inner);
      }),
      runs,
    );
  });

  it("an all-false set of mkIf definitions leaves the option without value", () => {
    fc.assert(
      fc.property(fc.array(smallList, { minLength: 1, maxLength: 4 }), (defs) => {
        expect(
          codeOf(
            intList(),
            defs.map((d) => mkIf(false, d)),
          ),
        ).toBe("NO_VALUE");
      }),
      { numRuns: 20 },
    );
  });
});

describe("mkOrder", () => {
  it("is a stable sort by order over the reverse collection order", () => {
    const order = fc.constantFrom(500, 1000, 1500, 700, 1200);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(order, fc.integer({ min: 0, max: 99 })), { minLength: 1, maxLength: 8 }),
        (defs) => {
          const collected = [...defs].reverse(); // merge order
          const expected = collected
            .map((d, i) => ({ d, i }))
            .sort((x, y) => x.d[0] - y.d[0] || x.i - y.i)
            .map(({ d }) => d[1]);
          expect(
            mergedValue(
              intList(),
              defs.map(([o, v]) => mkOrder(o, [v])),
            ),
          ).toEqual(expected);
        },
      ),
      runs,
    );
  });

  it("plain definitions sort as order 1000", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 99 })), { minLength: 1, maxLength: 8 }),
        (defs) => {
          const a = mergedValue(
            intList(),
            defs.map(([ordered, v]) => (ordered ? mkOrder(1000, [v]) : [v])),
          );
          expect(a).toEqual([...defs].reverse().map(([, v]) => v));
        },
      ),
      runs,
    );
  });
});

describe("type merges", () => {
  const key = fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h");

  it("attrsOf merge of disjoint keys is the union", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(key, fc.integer()), { selector: ([k]) => k, maxLength: 8 }),
        fc.nat(),
        (entries, cut) => {
          const n = entries.length ? cut % (entries.length + 1) : 0;
          const left = Object.fromEntries(entries.slice(0, n));
          const right = Object.fromEntries(entries.slice(n));
          expect(mergedValue(types.attrsOf(types.int), [left, right])).toEqual(Object.fromEntries(entries));
        },
      ),
      runs,
    );
  });

  it("attrsOf merges each key by itself (lists concatenate per key)", () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(key, smallList, { maxKeys: 4 }), { minLength: 1, maxLength: 4 }), (defs) => {
        const expected: Record<string, number[]> = {};
        for (const d of [...defs].reverse())
          for (const [k, v] of Object.entries(d)) expected[k] = [...(expected[k] ?? []), ...v];
        expect(mergedValue(types.attrsOf(intList()), defs)).toEqual(expected);
      }),
      runs,
    );
  });

  it("priorities apply per attribute key", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, prio, fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 8 }),
        (defs) => {
          const expected: Record<string, number[]> = {};
          const minPrio: Record<string, number> = {};
          for (const [k, p] of defs) minPrio[k] = Math.min(minPrio[k] ?? Infinity, p);
          for (const [k, p, v] of [...defs].reverse()) if (p === minPrio[k]) expected[k] = [...(expected[k] ?? []), v];
          expect(
            mergedValue(
              types.attrsOf(intList()),
              defs.map(([k, p, v]) => ({ [k]: mkOverride(p, [v]) })),
            ),
          ).toEqual(expected);
        },
      ),
      runs,
    );
  });

  it("boolByOr is `some`", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), (bs) => {
        expect(mergedValue(types.boolByOr, bs)).toBe(bs.some((b) => b));
      }),
      runs,
    );
  });

  it("separatedString joins in reverse collection order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(",", ":", "\n", " | "),
        (ss, sep) => {
          expect(mergedValue(types.separatedString(sep), ss)).toBe([...ss].reverse().join(sep));
        },
      ),
      runs,
    );
  });

  it("equal scalar definitions merge, different ones conflict", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 5 }), (vs) => {
        const expected = new Set(vs).size === 1 ? "ok" : "CONFLICT";
        expect(codeOf(types.int, vs)).toBe(expected);
      }),
      runs,
    );
  });

  it("uniq accepts exactly one definition", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 4 }), (vs) => {
        expect(codeOf(types.uniq(types.int), vs)).toBe(vs.length === 1 ? "ok" : "NOT_UNIQUE");
      }),
      runs,
    );
  });

  it("anything merges disjoint nested sets as a recursive union", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(key, key, fc.integer()), { selector: ([k1, k2]) => `${k1}.${k2}`, maxLength: 8 }),
        (leaves) => {
          const defs = leaves.map(([k1, k2, v]) => ({ [k1]: { [k2]: v } }));
          const expected: Record<string, Record<string, number>> = {};
          for (const [k1, k2, v] of leaves) (expected[k1] ??= {})[k2] = v;
          if (defs.length === 0) return;
          expect(mergedValue(types.anything, defs)).toEqual(expected);
        },
      ),
      runs,
    );
  });
});
