import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "../../src/index.js";

const NAMES = Array.from({ length: 24 }, (_, k) => `o${k}`);

/** A module declaring `s.o0` to `s.o23` (ints) and a freeform part for names it does not declare. */
const declaring = () => ({
  freeformType: types.attrsOf(types.anything),
  options: { s: Object.fromEntries(NAMES.map((n) => [n, mkOption({ type: types.int, default: -1 })])) },
});

/** A module defining `s.<name>` for each of `names`, as `value(name)`. */
const defining = (names: readonly string[], value: (name: string) => unknown) => ({
  s: Object.fromEntries(names.map((n) => [n, value(n)])),
});

describe("indexing sets of many names", () => {
  it("finds each name's option from set to set, whatever the order and whichever the names", () => {
    const decl = declaring();
    const num = (n: string) => Number(n.slice(1));
    const sets: string[][] = [
      NAMES,
      NAMES,
      [...NAMES].reverse(),
      [...NAMES.slice(0, 10), "extra", ...NAMES.slice(10)],
      NAMES.slice(5),
      NAMES,
    ];
    for (const names of sets) {
      const r = evalModules({ modules: [decl, defining(names, (n) => (n === "extra" ? "x" : 100 + num(n)))] });
      const expected: Record<string, unknown> = Object.fromEntries(
        NAMES.map((n) => [n, names.includes(n) ? 100 + num(n) : -1]),
      );
      if (names.includes("extra")) expected.extra = "x";
      expect(r.config.s).toEqual(expected);
    }
  });
});
