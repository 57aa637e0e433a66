// "Did you mean": suggestions stay right for ordinary names and the work is bounded
// for any input (long names, long candidates).
import { describe, expect, it } from "vitest";
import { closest, editDistance, MAX_SUGGESTED } from "../../../src/modules/errors/suggest.js";

describe("did you mean", () => {
  it("suggests the closest names of ordinary length", () => {
    expect(closest("prot", ["port", "enable", "host"])).toEqual(["port"]);
    expect(closest("enabel", ["enable", "port"])).toEqual(["enable"]);
  });

  it("gives no suggestion for a name longer than the bound, even when a candidate is that name minus a letter", () => {
    const long = "x".repeat(20_000);
    expect(closest(long, ["x".repeat(19_999)])).toEqual([]);
    expect(closest("y".repeat(MAX_SUGGESTED + 1), ["y".repeat(MAX_SUGGESTED)])).toEqual([]);
  });

  it("the distance stops at its limit: anything farther counts as limit + 1", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("kitten", "sitting", 2)).toBe(3);
    expect(editDistance("a".repeat(3_000), "b".repeat(3_000), 5)).toBe(6);
    expect(editDistance("abc", "abd", 5)).toBe(1);
  });
});
