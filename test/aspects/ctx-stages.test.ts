/** Custom context stages: into, self and cross providers, owned classes and includes of a stage, long chains and fan-outs; den.default on every stage. */
import { describe, expect, it } from "vitest";
import { evalDen, funnyNames, sorted } from "./helpers.js";

const names = (v: string[]) => ({ funny: { names: v } });
const run = (ctx: Record<string, unknown>, start: string, c: Record<string, unknown>) =>
  sorted(funnyNames(evalDen({ den: { ctx } }).den.ctx[start]!(c)));

describe("custom stages", () => {
  it("into a stage with a different context: self providers of both", () => {
    const ctx = {
      greeting: {
        description: "{hello} context",
        provides: { greeting: ({ hello }: any) => names([hello]) },
        into: { shout: ({ hello }: any) => [{ shout: hello.toUpperCase() }] },
      },
      shout: { provides: { shout: ({ shout }: any) => names([shout]) } },
    };
    expect(run(ctx, "greeting", { hello: "world" })).toEqual(["WORLD", "world"]);
  });

  it("a stage's owned classes, static and parametric includes", () => {
    const ctx = {
      foo: {
        provides: { foo: ({ foo }: any) => names([foo]) },
        includes: [names(["static-include"]), ({ foo }: any) => names([`param-${foo}`])],
        funny: { names: ["owned"] },
      },
    };
    expect(run(ctx, "foo", { foo: "hello" })).toEqual(["hello", "owned", "param-hello", "static-include"]);
  });

  it("a chain of 30 stages, each into the next", () => {
    const ctx: Record<string, unknown> = {};
    for (let i = 0; i < 30; i++) {
      ctx[`c${i}`] = {
        provides: { [`c${i}`]: ({ x }: any) => names([`c${i}-${x}`]) },
        ...(i + 1 < 30 ? { into: { [`c${i + 1}`]: ({ x }: any) => [{ x: `${x}+${i}` }] } } : {}),
      };
    }
    const got = run(ctx, "c0", { x: "v" });
    expect(got.length).toBe(30);
    expect(got).toContain("c2-v+0+1");
  });

  it("a fan-out of 50 contexts", () => {
    const ctx = {
      root: {
        provides: { root: ({ x }: any) => names([`root-${x}`]) },
        into: { leaf: ({ x }: any) => Array.from({ length: 50 }, (_, i) => ({ x: `${x}-${i}` })) },
      },
      leaf: { provides: { leaf: ({ x }: any) => names([`leaf-${x}`]) } },
    };
    expect(run(ctx, "root", { x: "v" }).length).toBe(51);
  });

  it("20 cross providers, one per target stage", () => {
    const targets = Array.from({ length: 20 }, (_, i) => `t${i}`);
    const ctx: Record<string, unknown> = {
      src: {
        provides: {
          src: ({ v }: any) => names([`src-${v}`]),
          ...Object.fromEntries(
            targets.map((t) => [
              t,
              () =>
                ({ v }: any) =>
                  names([`cross-${t}-${v}`]),
            ]),
          ),
        },
        into: Object.fromEntries(targets.map((t) => [t, ({ v }: any) => [{ v: `${v}!` }]])),
      },
      ...Object.fromEntries(targets.map((t) => [t, { provides: { [t]: ({ v }: any) => names([`${t}-${v}`]) } }])),
    };
    const got = run(ctx, "src", { v: "z" });
    expect(got.length).toBe(41);
    expect(got).toContain("cross-t3-z!");
  });
});

describe("cross providers", () => {
  it("the source's provides.<target> is applied to the source's context, then to the target's", () => {
    const ctx = {
      parent: {
        provides: {
          parent: ({ x }: any) => names([`parent-${x}`]),
          child:
            (_: any) =>
            ({ x, y }: any) =>
              names([`parent-for-child-${x}-${y}`]),
        },
        into: { child: ({ x }: any) => [{ x, y: "derived" }] },
      },
      child: { provides: { child: ({ x, y }: any) => names([`child-${y}`]) } },
    };
    expect(run(ctx, "parent", { x: "hello" })).toEqual([
      "child-derived",
      "parent-for-child-hello-derived",
      "parent-hello",
    ]);
  });

  it("once per target context", () => {
    const ctx = {
      src: {
        provides: {
          src: ({ x }: any) => names([x]),
          dst:
            (_: any) =>
            ({ x, i }: any) =>
              names([`src-for-${x}-${i}`]),
        },
        into: {
          dst: ({ x }: any) => [
            { x, i: 1 },
            { x, i: 2 },
          ],
        },
      },
      dst: { provides: { dst: ({ x, i }: any) => names([`dst-${i}`]) } },
    };
    expect(run(ctx, "src", { x: "a" })).toEqual(["a", "dst-1", "dst-2", "src-for-a-1", "src-for-a-2"]);
  });

  it("a provider of one named parameter is called with the context (self) or the source's context (cross)", () => {
    const ctx = {
      src: {
        provides: {
          src: (c: any) => names([`self-${c.x}`]),
          dst:
            (c: any) =>
            ({ i }: any) =>
              names([`cross-${c.x}-${i}`]),
        },
        into: { dst: ({ x }: any) => [{ i: 1 }] },
      },
      dst: {},
    };
    expect(run(ctx, "src", { x: "a" })).toEqual(["cross-a-1", "self-a"]);
  });

  it("none when the source has no provides.<target>", () => {
    const ctx = {
      src: { provides: { src: ({ x }: any) => names([x]) }, into: { dst: ({ x }: any) => [{ y: x }] } },
      dst: { provides: { dst: ({ y }: any) => names([`dst-${y}`]) } },
    };
    expect(run(ctx, "src", { x: "val" })).toEqual(["dst-val", "val"]);
  });
});

describe("den.default", () => {
  const igloo = (users: Record<string, unknown>) => ({ den: { hosts: { "x86_64-linux": { igloo: { users } } } } });
  const desc = (r: ReturnType<typeof evalDen>) => r.flake.osConfigurations.igloo.config.users.users.tux.home;

  it("includes a named aspect with owned classes, a { host } function aspect, a { user } function aspect", () => {
    for (const [foo, want] of [
      [{ os: { users: { users: { tux: { home: "pingu" } } } } }, "pingu"],
      [({ host }: any) => ({ os: { users: { users: { tux: { home: "pingu" } } } } }), "pingu"],
      [({ user }: any) => ({ os: { users: { users: { tux: { home: user.userName } } } } }), "penguin"],
    ] as const) {
      const r = evalDen(igloo({ tux: { userName: "penguin" } }), ({ den }: any) => ({
        den: { default: { includes: [den.aspects.foo] }, aspects: { foo } },
      }));
      expect(desc(r)).toBe(want);
    }
  });

  it("its homeManager class reaches every user's home", () => {
    const r = evalDen(igloo({ tux: { classes: ["homeManager"] }, pingu: { classes: ["homeManager"] } }), {
      den: { default: { homeManager: { list: ["fish"] } } },
    });
    const u = r.flake.osConfigurations.igloo.config["home-manager"].users;
    expect([u.tux.list, u.pingu.list]).toEqual([["fish"], ["fish"]]);
  });

  it("a { user, host } include may name the class from the host (host.class)", () => {
    const r = evalDen(igloo({ tux: {} }), {
      den: {
        default: {
          includes: [
            ({ user, host }: any) => ({
              [host.class]: { users: { users: { [user.userName]: { home: `${user.userName} on ${host.name}` } } } },
            }),
          ],
        },
      },
    });
    expect(desc(r)).toBe("tux on igloo");
  });
});
