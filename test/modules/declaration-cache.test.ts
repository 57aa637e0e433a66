import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "../../src/index.js";
import { DECLARATION_CACHE_PREFIXES, declarationCachePrefixes } from "../../src/modules/declarations.js";

const guest = types.submodule({ options: { mem: mkOption({ type: types.int, default: 512 }) } });
const decl = { options: { guests: mkOption({ type: types.attrsOf(guest) }) } };

function fleet(names: readonly string[]): Record<string, { mem: number }> {
  const guests = Object.fromEntries(names.map((n, i) => [n, { mem: i }]));
  return JSON.parse(JSON.stringify(evalModules({ modules: [decl, { guests }] }).config.guests));
}

describe("the declaration cache", () => {
  it("does not grow when the same names are evaluated again", () => {
    const names = ["a", "b", "c"];
    fleet(names);
    const size = declarationCachePrefixes();
    expect(fleet(names)).toEqual({ a: { mem: 0 }, b: { mem: 1 }, c: { mem: 2 } });
    expect(declarationCachePrefixes()).toBe(size);
  });

  it("stays bounded when ever new names come (a long-running process), and values stay right", () => {
    for (let round = 0; round < 3; round++) {
      const names = Array.from({ length: 2000 }, (_, i) => `host${round}-${i}`);
      const got = fleet(names);
      expect(got[`host${round}-1999`]).toEqual({ mem: 1999 });
    }
    expect(declarationCachePrefixes()).toBeLessThanOrEqual(DECLARATION_CACHE_PREFIXES);
  });
});
