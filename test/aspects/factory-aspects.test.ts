/** Factory aspects (`den.aspects.facter = (path) => ...`) and context functions of the whole context or of none. */
import { describe, expect, it } from "vitest";
import { aspect, resolve } from "../../src/aspects/index.js";
import { evalDen, host, hostConfig, sorted } from "./helpers.js";

describe("factory aspects", () => {
  const facter = {
    den: { aspects: { facter: (reportPath: string) => ({ os: { env: { FACTER_REPORT: reportPath } } }) } },
  };

  it("are callable, and the applied aspect is includable", () => {
    const r = evalDen({ den: { hosts: { "x86_64-linux": { h: {} } } } }, facter, ({ den }: any) => ({
      den: { aspects: { h: { includes: [den.aspects.facter("/path/to/report")] } } },
    }));
    expect(r.flake.osConfigurations.h.config.env).toEqual({ FACTER_REPORT: "/path/to/report" });
  });

  it("merge with static definitions of the same aspect; two applications do not deduplicate", () => {
    const r = evalDen(
      { den: { hosts: { "x86_64-linux": { h: {} } } } },
      { den: { aspects: { tag: (t: string) => ({ os: { list: [t] } }) } } },
      { den: { aspects: { tag: { os: { tags: { static: "yes" } } } } } },
      ({ den }: any) => ({ den: { aspects: { h: { includes: [den.aspects.tag("a"), den.aspects.tag("b")] } } } }),
    );
    const cfg = r.flake.osConfigurations.h.config;
    expect(sorted(cfg.list)).toEqual(["a", "b"]);
    expect(cfg.tags).toEqual({ static: "yes" });
  });

  it("are present for hasAspect once applied", () => {
    const r = evalDen({ den: { hosts: { "x86_64-linux": { h: {}, other: {} } } } }, facter, ({ den }: any) => ({
      den: { aspects: { h: { includes: [den.aspects.facter("/r")] } } },
    }));
    expect(host(r).hasAspect(r.den.aspects.facter!)).toBe(true);
    expect(host(r, "other").hasAspect(r.den.aspects.facter!)).toBe(false);
  });

  it("including one unapplied is an error saying how to apply it", () => {
    const r = evalDen({ den: { hosts: { "x86_64-linux": { h: {} } } } }, facter, ({ den }: any) => ({
      den: { aspects: { h: { includes: [den.aspects.facter] } } },
    }));
    expect(() => r.flake.osConfigurations.h.config.env).toThrow(
      /`facter' is a factory aspect \(a function of an argument\) included unapplied by `h'. Include it applied: den.aspects\["facter"\]\(<argument>\)/,
    );
  });

  it("a function of `_` (Den's `_:`, its argument ignored) is a context function of any context, not a factory", () => {
    const r = evalDen({ den: { hosts: { "x86_64-linux": { h: { users: { tux: {} } } } } } }, ({ den }: any) => ({
      den: {
        aspects: { any: (_: unknown) => ({ os: { list: ["any"] } }), h: { includes: [den.aspects.any] } },
      },
    }));
    // called as a static include ({ class, aspectChain }) and with the host's context, as Den calls `_:`
    expect(r.flake.osConfigurations.h.config.list).toEqual(["any", "any"]);
    expect(r.den.aspects.any!.factory).toBeUndefined();
  });

  it("aspect() makes library factories too", () => {
    const f = aspect("greet", (who: string) => ({ os: { list: [`hi ${who}`] } }));
    expect(typeof f).toBe("function");
    expect(resolve("os", (f as any)("bob")).imports.length).toBe(1);
  });
});

describe("context functions", () => {
  it("may take the whole context (ctx) => ... and apply where the keys they read exist", () => {
    const cfg = hostConfig(
      { users: { alice: {} } },
      {
        den: {
          aspects: {
            h: { includes: [(ctx: any) => ({ os: { list: [`host ${ctx.host.name}`] } })] },
            alice: { includes: [(ctx: any) => ({ os: { list: [`user ${ctx.user.name}`] } })] },
          },
        },
      },
    );
    expect(sorted(cfg.list)).toEqual(["host h", "user alice"]);
  });

  it("may take nothing: () => ... applies in every context of the pipeline, and as a static include", () => {
    const cfg = hostConfig(
      { users: { alice: {} } },
      { den: { default: { includes: [() => ({ os: { list: ["any"] } })] } } },
    );
    // den.default runs on { host } (first visit: full, so also as a static include with
    // { class, aspectChain }, as Den calls `_:`) and on { host, user } (parametric only)
    expect(cfg.list).toEqual(["any", "any", "any"]);
  });

  it("a whole-context function reading nothing gets the whole context (and { class, aspectChain } on a full visit)", () => {
    const seen: string[][] = [];
    hostConfig(
      { users: { alice: {} } },
      { den: { aspects: { h: { includes: [(ctx: any) => (seen.push(Object.keys(ctx).sort()), null)] } } } },
    );
    expect(seen).toEqual([["aspectChain", "class"], ["host"]]);
  });
});
