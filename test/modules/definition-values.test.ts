import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "../../src/index.js";

const decl = { _file: "decl.ts", options: { a: mkOption({ type: types.int }), b: mkOption({ type: types.int }) } };

describe("a definition's value", () => {
  it("held in a data property is taken when the configuration is first taken", () => {
    const mine: Record<string, unknown> = { _file: "mine.ts", a: 1 };
    const r = evalModules({ modules: [decl, mine, { b: 2 }] });
    const config = r.config;
    mine.a = 5;
    expect(config.a).toBe(1);
  });

  it("held by a getter is read when its option is first read", () => {
    let seen = 0;
    const mine = {
      _file: "mine.ts",
      get a() {
        seen++;
        return 3;
      },
    };
    const config = evalModules({ modules: [decl, mine, { b: 2 }] }).config;
    expect(seen).toBe(0);
    expect(config.b).toBe(2);
    expect(seen).toBe(0);
    expect(config.a).toBe(3);
    expect(seen).toBe(1);
  });
});
