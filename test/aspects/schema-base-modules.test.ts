/** den.schema modules per entity kind: their arguments ({ host }, { user, host }, { home }), options with defaults from them, conf for all kinds, nested submodules. */
import { describe, expect, it } from "vitest";
import { mkOption, types } from "../../src/modules/index.js";
import { evalDen } from "./helpers.js";

describe("schema base modules", () => {
  it("host, user and home schema modules get their entities; user.host and home.host/user are there", () => {
    const r = evalDen({
      den: {
        hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } },
        homes: { "x86_64-linux": { "tux@igloo": {}, tux: {} } },
        schema: {
          host: ({ host }: any) => ({ options: { "vpn-alias": mkOption({ default: host.name }) } }),
          user: ({ user, host }: any) => ({
            options: {
              ok: mkOption({ default: user.host !== undefined && user.host === host }),
              "main-group": mkOption({ default: user.name }),
              description: mkOption({ default: `${user.name}@${host.name}` }),
              meta: mkOption({
                type: types.submodule({
                  options: { email: mkOption({ type: types.str }), key: mkOption({ type: types.str }) },
                }),
              }),
            },
          }),
          home: ({ home }: any) => ({
            options: {
              ok: mkOption({ default: home.host !== null && home.user !== null }),
              "main-group": mkOption({ default: home.name }),
            },
          }),
          conf: { options: { foo: mkOption({ default: "foo" }) } },
        },
      },
    });
    const igloo = r.den.hosts["x86_64-linux"]!.igloo as any;
    const tux = igloo.users.tux;
    const homes = r.den.homes["x86_64-linux"] as any;
    expect(igloo["vpn-alias"]).toBe("igloo");
    expect([tux.ok, tux["main-group"], tux.description]).toEqual([true, "tux", "tux@igloo"]);
    expect([homes["tux@igloo"].ok, homes.tux.ok, homes.tux["main-group"]]).toEqual([true, false, "tux"]);
    expect([igloo.foo, tux.foo, homes.tux.foo]).toEqual(["foo", "foo", "foo"]);
  });
});
