/** hasAspect on hosts, users and homes: primary class, forClass, forAnyClass, and what it rejects. */
import { describe, expect, it } from "vitest";
import { aspect, hasAspect } from "../../src/aspects/index.js";
import { evalDen, host } from "./helpers.js";

const world = () =>
  evalDen({
    den: {
      hosts: { "x86_64-linux": { h: { users: { alice: { classes: ["user", "hm"] }, bob: {} } } } },
      homes: { "x86_64-linux": { carol: {} } },
      aspects: {
        shell: { user: { list: ["shell"] } },
        editor: { hm: { list: ["editor"] } },
        desk: { os: { list: ["desk"] } },
        alice: {
          includes: [({ user }: any) => (user.name === "alice" ? { includes: [{ name: "x", user: {} }] } : null)],
          provides: {},
        },
        carol: {
          includes: ["shell", "editor"].map(
            (n) =>
              ({ host, home }: any) =>
                null,
          ),
        },
      },
    },
  });

describe("hasAspect", () => {
  it("users have resolved (the user pipeline) and hasAspect, as hosts do", () => {
    const r = evalDen({
      den: {
        hosts: { "x86_64-linux": { h: { users: { alice: {}, bob: {} } } } },
        aspects: {
          shell: { user: { list: ["shell"] } },
          alice: { includes: [({ host }: any) => r.den.aspects.shell] },
        },
      },
    });
    const { alice, bob } = host(r).users;
    expect(alice.resolved.identity).toBe("user:h/alice");
    expect(alice.hasAspect(r.den.aspects.shell)).toBe(true);
    expect(bob.hasAspect(r.den.aspects.shell)).toBe(false);
    expect(hasAspect(alice, r.den.aspects.shell)).toBe(true);
    // the host reaches it through its user stage
    expect(host(r).hasAspect(r.den.aspects.shell)).toBe(true);
  });

  it("forClass asks one class, forAnyClass any of the entity's classes; the bare call asks the primary one", () => {
    const r = evalDen({
      den: {
        hosts: { "x86_64-linux": { h: { users: { alice: { classes: ["user", "hm"] } } } } },
        aspects: {
          // present only when resolving for hm (a static include of { class })
          editor: { hm: { list: ["editor"] } },
          alice: { includes: [({ class: cls }: any) => (cls === "hm" ? r.den.aspects.editor : null)] },
        },
      },
    });
    const alice = host(r).users.alice;
    expect(alice.hasAspect(r.den.aspects.editor)).toBe(false); // primary class: user
    expect(alice.hasAspect.forClass("hm", r.den.aspects.editor)).toBe(true);
    expect(alice.hasAspect.forClass("user", r.den.aspects.editor)).toBe(false);
    expect(alice.hasAspect.forAnyClass(r.den.aspects.editor)).toBe(true);
    expect(host(r).hasAspect.forAnyClass(r.den.aspects.editor)).toBe(false); // the host's only class is os
  });

  it("homes have hasAspect with forClass", () => {
    const r = evalDen({
      den: {
        homes: { "x86_64-linux": { carol: {} } },
        aspects: { git: { homeManager: { list: ["git"] } }, carol: { includes: [() => r.den.aspects.git] } },
      },
    });
    const carol = r.den.homes["x86_64-linux"]!.carol!;
    expect(carol.hasAspect(r.den.aspects.git!)).toBe(true);
    expect(carol.hasAspect.forClass("homeManager", "git")).toBe(true);
  });

  it("rejects what is not an aspect, naming the likely cause", () => {
    const r = evalDen({ den: { hosts: { "x86_64-linux": { h: {} } } } });
    const h = host(r);
    expect(() => h.hasAspect((r.den.aspects as any).nope)).toThrow(
      /expected an aspect .* not undefined \(is the aspect name right\?\)/,
    );
    expect(() => h.hasAspect({ os: {} } as any)).toThrow(/expected an aspect/);
    expect(() => h.hasAspect((() => aspect("x")) as any)).toThrow(/not a function/);
    expect(() => h.hasAspect.forAnyClass(42 as any)).toThrow(/not number/);
  });
});
void world;
