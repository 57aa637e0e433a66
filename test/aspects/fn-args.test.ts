import { describe, expect, it } from "vitest";
import { functionArgs } from "../../src/aspects/index.js";

describe("reading required arguments", () => {
  const cases: [string, Function, string[] | null, string[]?][] = [
    ["arrow destructuring", ({ host, user }: any) => [host, user], ["host", "user"]],
    ["defaults are optional", ({ host, user = 1 }: any) => [host, user], ["host"], ["user"]],
    ["rest is ignored", ({ host, ...rest }: any) => [host, rest], ["host"]],
    ["renamed key", ({ host: h }: any) => h, ["host"]],
    ["nested pattern", ({ host: { name } }: any) => name, ["host"]],
    ["renamed with default", ({ vm: v = null }: any) => v, [], ["vm"]],
    [
      "function keyword",
      function ({ home }: any) {
        return home;
      },
      ["home"],
    ],
    [
      "named function",
      function f({ class: c, aspectChain }: any) {
        return [c, aspectChain];
      },
      ["class", "aspectChain"],
    ],
    ["no arguments", () => 1, []],
    ["whole context (one name, nothing read)", (ctx: any) => ctx, []],
    ["whole context reading keys", (ctx: any) => ctx.host.name + ctx.user, ["host", "user"]],
    ["whole context, unused", (_: any) => 1, []],
    ["async arrow", async ({ host }: any) => host, ["host"]],
    ["quoted key", new Function('{ "microvm-host": m, host }', "return m") as Function, ["microvm-host", "host"]],
    [
      "down-levelled TS output",
      new Function("_a", "var host = _a.host, _b = _a.user, user = _b === void 0 ? null : _b; return host;"),
      ["host"],
      ["user"],
    ],
    ["default with arrow inside", ({ host, f = () => 1 }: any) => [host, f], ["host"], ["f"]],
    ["comments", /* c */ ({ host /* , user */ }: any) => host, ["host"]],
  ];
  for (const [name, fn, required, optional] of cases) {
    it(name, () => {
      const a = functionArgs(fn);
      if (required === null) expect(a).toBeNull();
      else {
        expect([...a!.required].sort()).toEqual([...required].sort());
        if (optional) expect([...a!.optional].sort()).toEqual([...optional].sort());
      }
    });
  }
  it("method shorthand", () => {
    const o = {
      m({ host }: any) {
        return host;
      },
    };
    expect(functionArgs(o.m)!.required).toEqual(["host"]);
  });
});
