/**
 * Every place that contributes to a host, through the host pipeline with a home
 * environment: the host's and the user's aspects, the host's provides to its users
 * (mutual provider), den.default on each context, and the hm-host and hm-user stages.
 */
import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "../../src/modules/index.js";
import { resolve, take } from "../../src/aspects/index.js";
import { evalDen } from "./helpers.js";

const keys = (ctx: Record<string, unknown>) => `{${Object.keys(ctx).sort().join(",")}}`;
const names = (xs: string[]) => ({ funny: { names: xs } });
const unreachable = () => {
  throw new Error("unreachable");
};

/** The sorted `names` of the `funny` class of an aspect. */
function funnyNames(aspect: unknown): string[] {
  const ev = evalModules({
    modules: [
      resolve("funny", aspect),
      { options: { names: mkOption({ type: types.listOf(types.str), default: [] }) } },
    ],
  });
  return [...(ev.config as { names: string[] }).names].sort();
}

describe("host propagation", () => {
  it("gives each contribution once, in the contexts Den gives it", () => {
    const r = evalDen(({ den }: any) => ({
      den: {
        hosts: { "x86_64-linux": { igloo: { users: { tux: { classes: ["homeManager"] } } } } },
        ctx: {
          user: { includes: [den.provides["mutual-provider"]] },
          "hm-host": {
            ...names(["hm-host detected"]),
            includes: [({ host, ...rest }: any) => names([`hm-host host-lax ${keys({ host, ...rest })}`])],
          },
          "hm-user": {
            includes: [({ host, user, ...rest }: any) => names([`hm-user lax ${keys({ host, user, ...rest })}`])],
          },
        },
        aspects: {
          igloo: {
            ...names(["host-owned"]),
            includes: [
              take.exactly(({ host }: any) => names(["host-exact"])),
              take.exactly(({ host, user }: any) => ({ funny: { names: unreachable() } })),
            ],
            provides: {
              "to-users": {
                includes: [
                  names(["host-static"]),
                  ({ host, ...rest }: any) => names([`host-lax ${keys({ host, ...rest })}`]),
                  take.atLeast(({ host, never }: any) => ({ funny: { names: unreachable() } })),
                  ({ host, user, ...rest }: any) => names([`host+user-lax ${keys({ host, user, ...rest })}`]),
                  take.exactly(({ host, user }: any) => names(["host+user-exact"])),
                  take.atLeast(({ host, user, never }: any) => ({ funny: { names: unreachable() } })),
                ],
              },
            },
          },
          tux: {
            ...names(["user-owned"]),
            includes: [
              names(["user-static"]),
              ({ user, ...rest }: any) => names([`user-lax ${keys({ user, ...rest })}`]),
              take.exactly(({ host, user }: any) => names(["user-exact"])),
              take.atLeast(({ host, user, never }: any) => ({ funny: { names: unreachable() } })),
            ],
          },
        },
        default: {
          ...names(["default-owned"]),
          includes: [
            names(["default-static"]),
            (ctx: any) => names([`default-anyctx ${keys(ctx)}`]),
            ({ host, ...rest }: any) => names([`default-host-lax ${keys({ host, ...rest })}`]),
            ({ user, ...rest }: any) => names([`default-user-lax ${keys({ user, ...rest })}`]),
            ({ host, user, ...rest }: any) => names([`default-host+user-lax ${keys({ host, user, ...rest })}`]),
          ],
        },
      },
    }));
    const igloo = r.den.hosts["x86_64-linux"]!.igloo!;
    expect(funnyNames(r.den.ctx.host!({ host: igloo }))).toEqual([
      "default-anyctx {aspectChain,class}",
      "default-anyctx {host,user}",
      "default-anyctx {host}",
      "default-host+user-lax {host,user}",
      "default-host-lax {host,user}",
      "default-host-lax {host}",
      "default-owned",
      "default-static",
      "default-user-lax {host,user}",
      "hm-host detected",
      "hm-host host-lax {host}",
      "hm-user lax {host,user}",
      "host+user-exact",
      "host+user-lax {host,user}",
      "host-exact",
      "host-lax {host,user}",
      "host-owned",
      "host-static",
      "user-exact",
      "user-lax {host,user}",
      "user-owned",
      "user-static",
    ]);
  });
});
