/** The host-aspects battery: a user who includes it gets the host aspect's classes of the user's classes (home-manager here), resolved in the user's context, without duplicates. */
import { describe, expect, it } from "vitest";
import { mkOption, types } from "../../src/modules/index.js";
import { evalDen } from "./helpers.js";

const hmOpts = {
  options: {
    programs: mkOption({ type: types.attrsOf(types.attrsOf(types.anything)), default: {} }),
    "hm-tags": mkOption({ type: types.listOf(types.str), default: [] }),
    greeting: mkOption({ type: types.str, default: "" }),
  },
};
const osOpts = { options: { "os-tags": mkOption({ type: types.listOf(types.str), default: [] }) } };
const hm = { classes: ["homeManager"] };
const run = (users: Record<string, unknown>, aspects: (den: any) => Record<string, unknown>) => {
  const r = evalDen(({ den }: any) => ({
    den: {
      classes: { homeManager: [hmOpts], os: [osOpts] },
      hosts: { "x86_64-linux": { igloo: { users } } },
      aspects: aspects(den),
    },
  }));
  const os = r.flake.osConfigurations.igloo.config;
  return { os, home: (u: string) => os["home-manager"].users[u] };
};

describe("host-aspects", () => {
  it("projects the host aspect's homeManager class (owned and from includes) to a user who opts in, and only to them", () => {
    const r = run({ tux: hm, pingu: hm }, (den) => ({
      igloo: {
        homeManager: { programs: { vim: { enable: true } } },
        os: { networking: { hostName: "igloo" } },
        includes: [{ homeManager: { programs: { git: { enable: true } } } }],
      },
      tux: { includes: [den._["host-aspects"]] },
    }));
    expect([r.home("tux").programs.vim?.enable, r.home("tux").programs.git?.enable]).toEqual([true, true]);
    expect(r.home("pingu").programs).toEqual({});
    expect(r.os.networking.hostName).toBe("igloo");
  });

  it("the host's os class is not duplicated; an aspect both include reaches each class once", () => {
    const r = run({ tux: hm }, (den) => ({
      "shared-tools": { os: { "os-tags": ["shared"] }, homeManager: { "hm-tags": ["shared"] } },
      "host-desktop": { os: { "os-tags": ["desktop"] }, homeManager: { "hm-tags": ["desktop"] } },
      igloo: { os: { "os-tags": ["host"] }, includes: [den.aspects["shared-tools"], den.aspects["host-desktop"]] },
      tux: { includes: [den.aspects["shared-tools"], den._["host-aspects"]], homeManager: { "hm-tags": ["user"] } },
    }));
    expect([...r.os["os-tags"]].sort()).toEqual(["desktop", "host", "shared"]);
    expect([...r.home("tux")["hm-tags"]].sort()).toEqual(["desktop", "shared", "user"]);
  });

  it("a host sub-aspect of { user } is resolved for each user who opts in", () => {
    const r = run({ tux: hm, pingu: hm }, (den) => ({
      "user-greeting": ({ user }: any) => ({ homeManager: { greeting: `hello-${user.name}` } }),
      igloo: { includes: [den.aspects["user-greeting"]] },
      tux: { includes: [den._["host-aspects"]] },
      pingu: { includes: [den._["host-aspects"]] },
    }));
    expect([r.home("tux").greeting, r.home("pingu").greeting]).toEqual(["hello-tux", "hello-pingu"]);
  });
});
