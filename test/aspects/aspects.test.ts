import { describe, expect, it } from "vitest";
import { evalModules } from "../../src/modules/index.js";
import { aspect, canTake, parametric, perHost, perUser, resolve, take, applyFn } from "../../src/aspects/index.js";
import { evalDen, host, hostConfig, osOptions, sorted } from "./helpers.js";

const listOf = (m: unknown) => evalModules({ modules: [osOptions, m] }).config.list as string[];

describe("aspects: definitions and merging", () => {
  it("class keys, includes and provides", () => {
    const base = aspect("base", { os: { list: ["base"] } });
    const a = aspect("a", {
      description: "A",
      includes: [base],
      os: { list: ["a"] },
      provides: { sub: { os: { list: ["sub"] } } },
    });
    expect(a.identity).toBe("a");
    expect(a.description).toBe("A");
    expect(a.provides.sub!.identity).toBe("a/sub");
    expect(a._.sub).toBe(a.provides.sub);
    expect(sorted(listOf(resolve("os", a)))).toEqual(["a", "base"]);
    expect(listOf(resolve("os", a.provides.sub))).toEqual(["sub"]);
  });
  it("a function definition and an object definition of one aspect merge", () => {
    const r = evalDen(
      { den: { hosts: { "x86_64-linux": { h: {} } } } },
      { den: { aspects: { foo: ({ host }: any) => ({ os: { list: [`fn-${host.name}`] } }) } } },
      { den: { aspects: { foo: { os: { list: ["obj"] } }, h: { includes: [{ os: { list: ["inline"] } }] } } } },
      ({ den }: any) => ({ den: { aspects: { h: { includes: [den.aspects.foo] } } } }),
    );
    expect(r.den.aspects.foo!.includes.length).toBe(1);
    expect(sorted(r.flake.osConfigurations.h.config.list)).toEqual(["fn-h", "inline", "obj"]);
  });
  it("two object definitions concatenate class modules and provides", () => {
    const r = evalDen(
      { den: { aspects: { x: { os: { list: ["1"] }, provides: { p: { os: { list: ["p1"] } } } } } } },
      { den: { aspects: { x: { os: { list: ["2"] }, _: { p: { os: { list: ["p2"] } } } } } } },
    );
    expect(sorted(listOf(resolve("os", r.den.aspects.x)))).toEqual(["1", "2"]);
    expect(sorted(listOf(resolve("os", r.den.aspects.x!.provides.p)))).toEqual(["p1", "p2"]);
  });
  it("every host, user and home gets an aspect", () => {
    const r = evalDen({
      den: { hosts: { "x86_64-linux": { h: { users: { alice: {} } } } }, homes: { "x86_64-linux": { "bob@h": {} } } },
    });
    expect(Object.keys(r.den.aspects).sort()).toEqual(["alice", "bob", "h"]);
    expect(host(r).aspect.identity).toBe("h");
  });
  it("inline aspects get <parent>/<anon>:<index> identities and are not deduplicated", () => {
    const inline = { os: { list: ["i"] } };
    const a = aspect("p", { includes: [inline, inline] });
    expect(listOf(resolve("os", a))).toEqual(["i", "i"]);
    const hits: string[] = [];
    resolve(
      "os",
      aspect("q", {
        includes: [
          ({ aspectChain }: any) => {
            hits.push(aspectChain.map((x: any) => x.identity).join(">"));
            return null;
          },
        ],
      }),
    );
    expect(hits).toEqual(["q"]);
  });
  it("named aspects reached twice give one copy (<class>@<identity> key)", () => {
    const shared = aspect("shared", { os: { list: ["shared"] } });
    const a = aspect("a", { includes: [shared] });
    const b = aspect("b", { includes: [shared] });
    const top = aspect("top", { includes: [a, b, shared] });
    expect(listOf(resolve("os", top))).toEqual(["shared"]);
    const keys = (resolve("os", top).imports as any[]).map((m) => m.key);
    expect(keys).toContain("os@shared");
  });
  it("static class functions receive the class being resolved", () => {
    const a = aspect("a", { includes: [({ class: c }: any) => ({ [c]: { list: [`for-${c}`] } })] });
    expect(listOf(resolve("os", a))).toEqual(["for-os"]);
  });
  it("errors name the aspect for a bad definition", () => {
    expect(() => aspect("bad", 42 as never)).toThrow(/bad/);
  });
  it("class values may be function modules and mkIf", () => {
    const a = aspect("fm", { os: ({ config }: any) => ({ config: { tags: { n: config.networking.hostName } } }) });
    expect(evalModules({ modules: [osOptions, resolve("os", a)] }).config.tags).toEqual({ n: "nixos" });
  });
});

describe("parametric dispatch", () => {
  const host = { name: "h" };
  const user = { name: "u" };
  it("atLeast, exactly, upTo", () => {
    const f = ({ host }: any) => host;
    expect(canTake(f, { host })).toBe(true);
    expect(canTake(f, { host, user })).toBe(true);
    expect(canTake(f, { user })).toBe(false);
    expect(canTake(take.exactly(f), { host })).toBe(true);
    expect(canTake(take.exactly(f), { host, user })).toBe(false);
    expect(canTake(take.upTo(f), { host, user })).toBe(true);
    expect(
      canTake(
        take.upTo(() => 1),
        { host },
      ),
    ).toBe(false);
    const seen: unknown[] = [];
    resolve(
      "os",
      aspect("u", {
        includes: [
          take.upTo(({ host }: any) => {
            seen.push(host);
            return null;
          }),
        ],
      }),
      { host, user },
    );
    expect(seen).toEqual([host]);
  });
  it("upTo receives only the overlap; atLeast the whole context", () => {
    const got: string[][] = [];
    const a = aspect("x", {
      includes: [
        take.upTo((c: any) => {
          got.push(Object.keys(c));
          return null;
        }) as never,
      ],
    });
    resolve("os", a, { host }); // a whole-context function names no key: upTo never applies it
    expect(got).toEqual([]);
    const b = aspect("y", {
      includes: [
        take.upTo(["host"], (c: any) => {
          got.push(Object.keys(c));
          return null;
        }),
        take.atLeast(["host"], (c: any) => {
          got.push(Object.keys(c));
          return null;
        }),
      ],
    });
    resolve("os", b, { host, user });
    expect(got).toEqual([["host"], ["host", "user"]]);
  });
  it("defaults do not count as required", () => {
    expect(canTake(({ host, user = null }: any) => [host, user], { host })).toBe(true);
  });
  it("explicit wrapper for unreadable functions", () => {
    const w = take.atLeast(["host"], (ctx: any) => ({ os: { list: [ctx.host.name] } }));
    expect(listOf(resolve("os", aspect("w", { includes: [w] }), { host }))).toEqual(["h"]);
  });
  it("perHost and perUser", () => {
    const a = aspect("p", {
      includes: [
        perHost(({ host }: any) => ({ os: { list: [`host-${host.name}`] } })),
        perUser(({ user }: any) => ({ os: { list: [`user-${user.name}`] } })),
      ],
    });
    expect(listOf(resolve("os", a, { host }))).toEqual(["host-h"]);
    expect(listOf(resolve("os", a, { host, user }))).toEqual(["user-u"]);
    expect(listOf(resolve("os", perHost(aspect("static", { os: { list: ["s"] } })), { host }))).toEqual(["s"]);
  });
  it("direct call with a missing argument names the aspect and the argument", () => {
    expect(() => applyFn(({ host, vm }: any) => [host, vm], { host }, "den.aspects.guest")).toThrow(
      /den.aspects.guest.*vm/,
    );
  });
  it("full mode vs parametric-only mode", () => {
    const inner = aspect("inner", {
      os: { list: ["inner-static"] },
      includes: [({ host }: any) => ({ os: { list: [`inner-fn-${host.name}`] } })],
    });
    const a = aspect("m", {
      os: { list: ["static"] },
      includes: [inner, ({ host }: any) => ({ os: { list: [`fn-${host.name}`] } })],
    });
    expect(sorted(listOf(resolve("os", parametric.fixedTo({ host }, a))))).toEqual([
      "fn-h",
      "inner-fn-h",
      "inner-static",
      "static",
    ]);
    expect(sorted(listOf(resolve("os", parametric.withContext({ host }, a))))).toEqual(["fn-h", "inner-fn-h"]);
  });
  it("results of functions are full and their nested includes see the context", () => {
    const deep = ({ host }: any) => ({
      includes: [
        ({ host: h }: any) => ({
          includes: [({ host: x }: any) => ({ os: { list: [`deep-${x.name}`] } })],
          os: { list: [`mid-${h.name}`] },
        }),
      ],
      os: { list: [`top-${host.name}`] },
    });
    expect(sorted(listOf(resolve("os", aspect("d", { includes: [deep] }), { host })))).toEqual([
      "deep-h",
      "mid-h",
      "top-h",
    ]);
  });
  it("a named aspect is walked once per context (no duplicate function results)", () => {
    let calls = 0;
    const f = aspect("f", {
      includes: [
        ({ host }: any) => {
          calls++;
          return { os: { list: [host.name] } };
        },
      ],
    });
    const top = aspect("t", { includes: [f, aspect("g", { includes: [f] }), f] });
    expect(listOf(resolve("os", top, { host }))).toEqual(["h"]);
    expect(calls).toBe(1);
  });
  it("include cycles stop", () => {
    const r = evalDen(
      { den: { aspects: { a: ({ den }: any) => ({ includes: [den.aspects.b] }) } } },
      ({ den }: any) => ({
        den: {
          aspects: {
            a: { includes: [den.aspects.b], os: { list: ["a"] } },
            b: { includes: [den.aspects.a], os: { list: ["b"] } },
          },
        },
      }),
    );
    expect(sorted(listOf(resolve("os", r.den.aspects.a)))).toEqual(["a", "b"]);
  });
  it("parametric.expands adds to the context", () => {
    const a = aspect("e", {
      includes: [
        parametric.expands(
          { vm: { name: "g" } },
          aspect("needs-vm", { includes: [({ vm }: any) => ({ os: { list: [vm.name] } })] }),
        ),
      ],
    });
    expect(listOf(resolve("os", a, { host }))).toEqual(["g"]);
  });
});

describe("hosts", () => {
  it("default os config", () => {
    expect(hostConfig({}).networking.hostName).toBe("nixos");
  });
});
