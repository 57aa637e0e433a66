/** Aspects shared through a namespace package: nested provides keep `_`, editors reach the host, parametric providers dispatch on host and on exactly { host, user }. */
import { describe, expect, it } from "vitest";
import { namespace } from "../../src/aspects/index.js";
import { evalDen } from "./helpers.js";

/** The provider package: a project exporting the namespace `provider`. */
const providerPackage = () =>
  evalDen(namespace("provider", true), ({ den }: any) => ({
    provider: {
      tools: {
        provides: {
          dev: {
            provides: {
              editors: {
                description: "Editor configurations from provider",
                os: { programs: { vim: { enable: true } } },
              },
              "host-stamp": den.lib.parametric({
                includes: [({ host }: any) => ({ os: { env: { PROVIDER_HOST: host.name } } })],
              }),
              "user-stamp": den.lib.parametric.exactly({
                includes: [
                  ({ host, user }: any) => ({
                    os: { users: { users: { [user.userName]: { home: `user-of-${host.name}` } } } },
                  }),
                ],
              }),
            },
          },
        },
      },
    },
  })).flake;

describe("a namespace from another project", () => {
  const consumer = (...mods: unknown[]) =>
    evalDen(
      { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } } } },
      namespace("provider", [true, providerPackage()]),
      ...mods,
    );

  it("its nested aspects have the `_` alias of provides", () => {
    const r = consumer();
    const provider = (r.top.config as any).provider;
    expect(provider.tools._).toBe(provider.tools.provides);
    expect(Object.keys(provider.tools.provides.dev._).sort()).toEqual(["editors", "host-stamp", "user-stamp"]);
  });

  it("a deep provided aspect reaches the host; a parametric one gets the host; an exactly one applies only on { host, user }", () => {
    const r = consumer(({ den, provider }: any) => ({
      den: {
        ctx: { user: { includes: [den.provides["mutual-provider"]] } },
        aspects: {
          igloo: {
            includes: [
              provider.tools.provides.dev.provides.editors,
              provider.tools.provides.dev.provides["host-stamp"],
            ],
            provides: { "to-users": { includes: [provider.tools.provides.dev.provides["user-stamp"]] } },
          },
        },
      },
    }));
    const c = r.flake.osConfigurations.igloo.config;
    expect([c.programs.vim.enable, c.env.PROVIDER_HOST, c.users.users.tux.home]).toEqual([
      true,
      "igloo",
      "user-of-igloo",
    ]);
  });
});
