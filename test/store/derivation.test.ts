import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/store/canonical-json.js";
import { base32, derivationHash, storeBaseName, validateName } from "../../src/store/derivation.js";

const drv = { name: "hello", builder: "test/1", inputs: { b: [1, "two", null], a: { y: true, x: 1.5 } } };

describe("derivation hashing", () => {
  it("is stable across runs (golden value)", () => {
    expect(derivationHash(drv)).toBe(derivationHash({ ...drv }));
    expect(storeBaseName(drv)).toBe("rnnygwa33c0fvlw1ii1f66xajxqf3swx-hello");
    expect(derivationHash(drv)).toMatch(/^[0-9abcdfghijklmnpqrsvwxyz]{32}$/);
  });

  it("ignores object key order but not array order", () => {
    const reordered = { ...drv, inputs: { a: { x: 1.5, y: true }, b: [1, "two", null] } };
    expect(derivationHash(reordered)).toBe(derivationHash(drv));
    const swapped = { ...drv, inputs: { ...drv.inputs, b: ["two", 1, null] } };
    expect(derivationHash(swapped)).not.toBe(derivationHash(drv));
  });

  it("changes with the name, the builder version and any input", () => {
    const base = derivationHash(drv);
    expect(derivationHash({ ...drv, name: "hello2" })).not.toBe(base);
    expect(derivationHash({ ...drv, builder: "test/2" })).not.toBe(base);
    expect(derivationHash({ ...drv, inputs: { ...drv.inputs, c: 0 } })).not.toBe(base);
  });

  it("serialises canonically and rejects what JSON cannot hold", () => {
    expect(canonicalJson({ z: 1, a: [true, null, "x"] })).toBe('{"a":[true,null,"x"],"z":1}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/inputs\.n: NaN is not a finite number/);
    expect(() => canonicalJson({ d: new Date(0) as never })).toThrow(/inputs\.d: a Date object is not JSON/);
  });

  it("encodes base32 as Nix does (160 bits → 32 characters)", () => {
    expect(base32(new Uint8Array(20))).toBe("0".repeat(32));
    expect(base32(Uint8Array.of(0x1f))).toBe("0z");
    expect(base32(new Uint8Array(20).fill(255))).toBe("z".repeat(32));
  });

  it.each(["", ".hidden", "a/b", "..", "has space", "x".repeat(181), "semi;colon", "new\nline"])(
    "rejects the name %j",
    (name) => {
      expect(() => validateName(name)).toThrow(/invalid derivation name/);
    },
  );
});
