/** Calling a module argument while modules are collected gives the result lazily; using it then is still an error. */
import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "../../src/modules/index.js";

describe("calling a reference during collection", () => {
  it("is deferred until the definition holding the result is read", () => {
    const r = evalModules({
      modules: [
        { options: { greeting: mkOption({ type: types.str }) } },
        { config: { _module: { args: { greet: (who: string) => `hello ${who}` } } } },
        ({ greet }: any) => ({ greeting: greet("world") }),
      ],
    });
    expect(r.config.greeting).toBe("hello world");
  });

  it("a deferred call used to build imports is still a collection error, not a loop", () => {
    const r = evalModules({
      modules: [{ config: { _module: { args: { pick: () => ({}) } } } }, ({ pick }: any) => ({ imports: [pick()] })],
    });
    expect(() => r.config).toThrow(/_module.args. was access|while modules are being collected/);
  });
});
