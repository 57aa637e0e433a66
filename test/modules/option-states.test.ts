import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "../../src/index.js";

describe("option states, made when an option is first read", () => {
  it("serve options read after the evaluation's own `_module`, in an evaluation and in its extension", () => {
    const decl = { options: { a: mkOption({ type: types.int }), b: mkOption({ type: types.str, default: "b" }) } };
    const r = evalModules({ modules: [decl, { a: 1 }] });
    expect(r._module.check).toBe(true);
    expect(r.options.a.value).toBe(1);
    expect(r.options.b.definitions).toEqual(["b"]);
    const e = r.extendModules({ modules: [{ b: "e" }] });
    expect(e._module.args.extendModules).toBeTypeOf("function");
    expect(e.options.b.value).toBe("e");
    expect(e.config).toEqual({ a: 1, b: "e" });
    expect(r.config).toEqual({ a: 1, b: "b" });
  });
});
