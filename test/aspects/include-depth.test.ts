/** Deep and wide include trees resolve every inline aspect once per occurrence; no aspects without definitions. */
import { describe, expect, it } from "vitest";
import { evalDen, funnyNames } from "./helpers.js";

const names = (v: string) => ({ funny: { names: [v] } });
const chain = (n: number, i = 0): Record<string, unknown> =>
  i >= n ? names("leaf") : { ...names(`level-${i}`), includes: [chain(n, i + 1)] };
const wide = (n: number) => ({ ...names("root"), includes: Array.from({ length: n }, (_, i) => names(`branch-${i}`)) });
const deepWide = (depth: number, width: number, d = 0): Record<string, unknown> =>
  d >= depth
    ? { ...names(`leaf-d${d}`), includes: Array.from({ length: width }, (_, i) => names(`wide-d${d}-${i}`)) }
    : { ...names(`level-${d}`), includes: [deepWide(depth, width, d + 1)] };

describe("include depth and width", () => {
  for (const [what, aspect, count] of [
    ["a chain 10 deep", chain(10), 11],
    ["a chain 50 deep", chain(50), 51],
    ["50 wide", wide(50), 51],
    ["100 wide", wide(100), 101],
    ["10 deep then 10 wide", deepWide(10, 10), 21],
  ] as const) {
    it(`${what}: every aspect's module`, () => {
      const r = evalDen({ den: { aspects: { a: aspect } } });
      expect(funnyNames(r.den.aspects.a).length).toBe(count);
    });
  }

  it("den.aspects is empty when nothing defines an aspect", () => {
    expect(evalDen({}).den.aspects).toEqual({});
  });
});
