// The JSON text `tsden eval` prints: what JSON.stringify gives (functions left out of
// lists too), written without recursion so that depth is no limit; toJSON called once
// per value; values that contain themselves or never end are coded errors; parts that
// fail are marked in place.
import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, toJson, type PartError } from "../../src/cli/to-json.js";

const samples: [string, unknown][] = [
  ["scalars", [1, -0, 1.5e300, 'a"b\n\u2028', true, false, null]],
  ["non-finite numbers and bigints", { nan: Number.NaN, inf: -Infinity, big: 12n }],
  ["empty and nested containers", { a: {}, b: [], c: [[[]], [{}]], d: { e: { f: [1, { g: null }] } } }],
  ["undefined and function fields left out", { a: 1, b: undefined, c: () => 1, d: [undefined, 2] }],
  ["index-like and unusual keys", { "1": 1, a: { "é\n": 2, "": 3, __proto__x: 4 } }],
  ["toJSON results", { d: new Date(0), x: { toJSON: () => ({ y: 1 }) }, s: { toJSON: () => "t" } }],
];

describe("toJson", () => {
  for (const [name, value] of samples) {
    it(`${name}: the text JSON.stringify gives, indented and compact`, () => {
      expect(toJson(value)).toBe(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? Number(v) : v), 2));
      expect(toJson(value, false)).toBe(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? Number(v) : v)));
    });
  }

  it("prints a key named __proto__ as data", () => {
    const v = JSON.parse('{"__proto__": {"x": 1}, "a": [{"__proto__": 2}]}') as unknown;
    expect(toJson(v, false)).toBe('{"__proto__":{"x":1},"a":[{"__proto__":2}]}');
  });

  it("leaves functions out of lists (JSON.stringify makes them null)", () => {
    expect(toJson([1, () => 2, 3], false)).toBe("[1,3]");
  });

  it("calls toJSON once per value: one returning the object itself shows its fields", () => {
    const self = {
      a: 1,
      b: { c: 2 },
      toJSON() {
        return this;
      },
    };
    expect(toJson(self, false)).toBe('{"a":1,"b":{"c":2}}');
    const again = {
      toJSON() {
        return { toJSON: () => "never", v: 1 };
      },
    };
    expect(toJson(again, false)).toBe(JSON.stringify(again));
  });

  it("writes values nested far deeper than JSON.stringify can", () => {
    let v: unknown = "bottom";
    for (let i = 0; i < 40_000; i++) v = [{ a: v }];
    expect(() => JSON.stringify(v)).toThrow(RangeError);
    expect(toJson(v, false)).toBe(`${'[{"a":'.repeat(40_000)}"bottom"${"}]".repeat(40_000)}`);
  });

  it("a value that contains itself is CYCLIC_VALUE naming where", () => {
    const v: Record<string, unknown> = { a: { b: [1] } };
    (v.a as { b: unknown[] }).b.push(v);
    expect(() => toJson(v)).toThrow(
      expect.objectContaining({ code: "CYCLIC_VALUE", message: expect.stringContaining("`a.b[1]' contains itself") }),
    );
  });

  it("a value that never ends is VALUE_TOO_DEEP, its path shortened", () => {
    const endless = (): unknown => ({
      get next() {
        return endless();
      },
    });
    let error: unknown;
    try {
      toJson(endless(), false);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "VALUE_TOO_DEEP" });
    expect((error as Error).message).toContain(
      `\`next.next.next.next.next.next.next.next.<${MAX_JSON_DEPTH - 16} more>.next.next.next.next.next.next.next.next' is nested more than ${MAX_JSON_DEPTH} levels deep`,
    );
  });

  it("parts that fail are marked in place and listed, a stack overflow among them coded", () => {
    const down = (n: number): number => down(n + 1) + 1;
    const errors: PartError[] = [];
    const value = {
      ok: 1,
      bad: {
        get x() {
          throw Object.assign(new Error("boom"), { code: "BOOM" });
        },
      },
      l: [
        1,
        {
          get y() {
            return down(0);
          },
        },
      ],
    };
    expect(JSON.parse(toJson(value, false, errors))).toEqual({
      ok: 1,
      bad: { x: "«error BOOM: boom»" },
      l: [
        1,
        { y: expect.stringMatching(/^«error STACK_OVERFLOW: Reading `l\[1\]\.y' of the printed value went too deep/) },
      ],
    });
    expect(errors.map((e) => e.path)).toEqual(["bad.x", "l[1].y"]);
  });
});
