/** hasAspect through every way an aspect is reached: static, chained, parametric parents, function sub-aspects, factories, provides, mutual providers, adapters, multi-class users, errors, class module bodies. */
import { describe, expect, it } from "vitest";
import { constraints, excludeAspect, oneOfAspects, substituteAspect } from "../../src/aspects/index.js";
import { evalDen } from "./helpers.js";

const igloo = { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } } } };
const hostOf = (r: ReturnType<typeof evalDen>) => r.den.hosts["x86_64-linux"]!.igloo! as any;
const userOf = (r: ReturnType<typeof evalDen>, u = "tux") => hostOf(r).users[u];
const mutual = ({ den }: any) => ({ den: { ctx: { user: { includes: [den.provides["mutual-provider"]] } } } });

describe("hasAspect: what is reached", () => {
  it("the host's own aspect, and aspects chained transitively", () => {
    const r = evalDen(igloo, ({ den }: any) => ({
      den: {
        aspects: {
          igloo: { includes: [den.aspects.level1] },
          level1: { includes: [den.aspects.level2] },
          level2: { includes: [den.aspects.level3] },
          level3: { os: {} },
          unrelated: { os: {} },
        },
      },
    }));
    expect([hostOf(r).hasAspect(r.den.aspects.igloo), hostOf(r).hasAspect(r.den.aspects.level3)]).toEqual([true, true]);
    expect(hostOf(r).hasAspect(r.den.aspects.unrelated)).toBe(false);
  });

  it("through a parametric parent: its includes, a static or function sub-aspect it includes; not what it leaves out", () => {
    const r = evalDen(
      igloo,
      ({ den }: any) => ({
        den: {
          aspects: {
            parent: ({ host }: any) => ({ includes: [den.aspects.child] }),
            role: ({ host }: any) => ({ includes: [den.aspects.role.provides.sub] }),
            foo: ({ host }: any) => ({ includes: [den.aspects.foo.provides.sub] }),
            gated: ({ host }: any) => ({ includes: host.name === "other-host" ? [den.aspects.conditional] : [] }),
            igloo: { includes: [den.aspects.parent, den.aspects.role, den.aspects.foo, den.aspects.gated] },
          },
        },
      }),
      {
        den: {
          aspects: {
            child: { os: {} },
            conditional: { os: {} },
            role: { provides: { sub: { os: { list: ["nm"] } } } },
            foo: { provides: { sub: ({ host }: any) => ({ os: { list: [host.name] } }) } },
          },
        },
      },
    );
    const h = hostOf(r);
    const a = r.den.aspects as any;
    expect([h.hasAspect(a.child), h.hasAspect(a.role.provides.sub), h.hasAspect(a.foo.provides.sub)]).toEqual([
      true,
      true,
      true,
    ]);
    expect(h.hasAspect(a.conditional)).toBe(false);
  });

  it("a function aspect merged with a static definition, a provided sub-aspect included directly, not its top-level homonym", () => {
    const r = evalDen(
      igloo,
      { den: { aspects: { mixed: ({ host }: any) => ({ os: { tags: { host: host.name } } }) } } },
      { den: { aspects: { mixed: { os: { tags: { static: "yes" } } } } } },
      ({ den }: any) => ({
        den: {
          aspects: {
            igloo: { includes: [den.aspects.mixed, den.aspects.bar.provides.foo] },
            bar: { provides: { foo: { os: {} } } },
            foo: { os: {} },
          },
        },
      }),
    );
    const a = r.den.aspects as any;
    expect([hostOf(r).hasAspect(a.mixed), hostOf(r).hasAspect(a.bar.provides.foo), hostOf(r).hasAspect(a.foo)]).toEqual(
      [true, true, false],
    );
  });

  it("through the mutual provider: to-users, a specific user's provides, a user's to-hosts", () => {
    const r = evalDen(
      { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: {}, alice: {} } } } } } },
      mutual,
      ({ den }: any) => ({
        den: {
          aspects: {
            igloo: {
              provides: {
                "to-users": { includes: [den.aspects["user-target"]] },
                alice: { includes: [den.aspects["alice-only"]] },
              },
            },
            tux: { provides: { "to-hosts": { includes: [den.aspects["host-target"]] } } },
            "user-target": { user: {} },
            "alice-only": { user: {} },
            "host-target": { os: {} },
          },
        },
      }),
    );
    const a = r.den.aspects as any;
    expect(userOf(r).hasAspect(a["user-target"])).toBe(true);
    expect([userOf(r, "alice").hasAspect(a["alice-only"]), userOf(r).hasAspect(a["alice-only"])]).toEqual([
      true,
      false,
    ]);
    expect(hostOf(r).hasAspect(a["host-target"])).toBe(true);
  });
});

describe("hasAspect and adapters", () => {
  it("an excluded aspect is absent; a substituted one absent, its replacement present; at two levels", () => {
    const r = evalDen(igloo, ({ den }: any) => ({
      den: {
        aspects: {
          igloo: {
            meta: { adapter: [excludeAspect("root-sibling"), substituteAspect("original", den.aspects.replacement)] },
            includes: [den.aspects.parent, den.aspects["root-sibling"], den.aspects.original],
          },
          parent: {
            meta: { adapter: excludeAspect("parent-sibling") },
            includes: [den.aspects["child-a"], den.aspects["parent-sibling"]],
          },
          "root-sibling": { os: {} },
          "parent-sibling": { os: {} },
          "child-a": { os: {} },
          original: { os: {} },
          replacement: { os: {} },
        },
      },
    }));
    const h = hostOf(r);
    const a = r.den.aspects as any;
    expect([h.hasAspect(a["root-sibling"]), h.hasAspect(a["parent-sibling"]), h.hasAspect(a["child-a"])]).toEqual([
      false,
      false,
      true,
    ]);
    expect([h.hasAspect(a.original), h.hasAspect(a.replacement)]).toEqual([false, true]);
  });

  it("adapters and constraints naming aspects of den.aspects in a module body (no lazy)", () => {
    const r = evalDen(igloo, ({ den }: any) => ({
      den: {
        aspects: {
          igloo: {
            meta: {
              adapter: excludeAspect(den.aspects.drop),
              excludes: [den.aspects.gone],
              handleWith: constraints.substitute(den.aspects.old, den.aspects.new),
            },
            includes: [den.aspects.keep, den.aspects.drop, den.aspects.gone, den.aspects.old],
          },
          keep: { os: { list: ["keep"] } },
          drop: { os: { list: ["drop"] } },
          gone: { os: { list: ["gone"] } },
          old: { os: { list: ["old"] } },
          new: { os: { list: ["new"] } },
        },
      },
    }));
    expect(r.flake.osConfigurations.igloo.config.list.sort()).toEqual(["keep", "new"]);
  });

  it("oneOfAspects keeps the first candidate", () => {
    const r = evalDen(igloo, ({ den }: any) => ({
      den: {
        aspects: {
          igloo: { includes: [den.aspects.bundle] },
          bundle: {
            includes: [den.aspects.primary, den.aspects.fallback],
            meta: { adapter: oneOfAspects(["primary", "fallback"]) },
          },
          primary: { os: {} },
          fallback: { os: {} },
        },
      },
    }));
    const a = r.den.aspects as any;
    expect([hostOf(r).hasAspect(a.primary), hostOf(r).hasAspect(a.fallback)]).toEqual([true, false]);
  });
});

describe("hasAspect of users with several classes", () => {
  const multi = (target: Record<string, unknown>) =>
    evalDen(
      { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: { classes: ["user", "homeManager"] } } } } } } },
      ({ den }: any) => ({ den: { aspects: { tux: { includes: [den.aspects.target] }, target } } }),
    );

  it("asks the primary class, forClass any of the user's classes (the tree does not depend on the class), forAnyClass", () => {
    const r = multi({ homeManager: {} });
    const u = userOf(r);
    const t = r.den.aspects.target!;
    expect([u.hasAspect(t), u.hasAspect.forClass("user", t), u.hasAspect.forClass("homeManager", t)]).toEqual([
      true,
      true,
      true,
    ]);
    expect(u.hasAspect.forAnyClass(t)).toBe(true);
  });

  it("forClass of a class the user does not have is false", () => {
    const r = multi({ homeManager: {} });
    expect(userOf(r).hasAspect.forClass("bogus", r.den.aspects.target!)).toBe(false);
  });
});

describe("hasAspect: errors and use in class modules", () => {
  it("a string naming no aspect is an error; an aspect's identity string is not", () => {
    const r = evalDen(igloo, { den: { aspects: { igloo: { os: {} } } } });
    expect(() => hostOf(r).hasAspect("not-a-ref")).toThrow(/no aspect has that identity/);
    expect(hostOf(r).hasAspect("igloo")).toBe(true);
  });

  it("works in a class module body of the same host", () => {
    const r = evalDen(igloo, ({ den }: any) => ({
      den: {
        aspects: {
          igloo: { includes: [den.aspects["feature-flag"], den.aspects["gated-consumer"]] },
          "feature-flag": { os: {} },
          "gated-consumer": {
            os: () => ({
              get env() {
                return { HAS_FLAG: hostOf(r).hasAspect(r.den.aspects["feature-flag"]) ? "yes" : "no" };
              },
            }),
          },
        },
      },
    }));
    expect(r.flake.osConfigurations.igloo.config.env.HAS_FLAG).toBe("yes");
  });
});

describe("hasAspect library functions", () => {
  const tree = () =>
    evalDen(({ den }: any) => ({
      den: {
        aspects: {
          root: {
            meta: { adapter: excludeAspect(den.aspects.drop) },
            includes: [den.aspects.child, den.aspects.drop, den.aspects.foo.provides.bar],
          },
          child: { os: {} },
          drop: { os: {} },
          other: { os: {} },
          foo: { provides: { bar: { os: {} } } },
        },
      },
    })).den;

  it("hasAspectIn, collectPathSet and mkEntityHasAspect over a tree", () => {
    const den = tree() as any;
    const q = (ref: unknown) => den.lib.hasAspectIn({ tree: den.aspects.root, class: "os", ref });
    expect([q(den.aspects.child), q(den.aspects.other), q(den.aspects.drop)]).toEqual([true, false, false]);
    const s = den.lib.collectPathSet({ tree: den.aspects.root, class: "os" });
    expect([s.has("root"), s.has("foo/bar"), s.has("nonexistent")]).toEqual([true, true, false]);
    const has = den.lib.mkEntityHasAspect({ tree: den.aspects.root, primaryClass: "os", classes: ["os"] });
    expect([has(den.aspects.child), has.forClass("os", den.aspects.child), has.forAnyClass(den.aspects.child)]).toEqual(
      [true, true, true],
    );
    expect([has(den.aspects.other), has.forClass("bogus-class", den.aspects.child)]).toEqual([false, false]);
  });
});
