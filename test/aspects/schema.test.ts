import { describe, expect, it } from "vitest";
import { mkOption, types } from "../../src/modules/index.js";
import { evalDen, host } from "./helpers.js";

describe("entities and schema", () => {
  it("host defaults", () => {
    const r = evalDen({ den: { hosts: { "aarch64-linux": { pi: { users: { tux: {} } } } } } });
    const h = host(r, "pi", "aarch64-linux");
    expect(h.name).toBe("pi");
    expect(h.hostName).toBe("pi");
    expect(h.system).toBe("aarch64-linux");
    expect(h.class).toBe("os");
    expect(h.intoAttr).toEqual(["osConfigurations", "pi"]);
    expect(h.aspect.identity).toBe("pi");
    expect(typeof h.instantiate).toBe("function");
    const u = h.users.tux;
    expect(u.name).toBe("tux");
    expect(u.userName).toBe("tux");
    expect(u.classes).toEqual(["user"]);
    expect(u.host.name).toBe("pi");
    expect(u.aspect.identity).toBe("tux");
  });
  it("overrides: hostName, userName, intoAttr, class", () => {
    const r = evalDen({
      den: {
        hosts: {
          x: {
            a: { hostName: "alpha", intoAttr: ["custom", "a"], users: { u: { userName: "uu" } } },
            b: { intoAttr: [] },
          },
        },
      },
    });
    expect(host(r, "a", "x").hostName).toBe("alpha");
    expect(host(r, "a", "x").users.u.userName).toBe("uu");
    expect(Object.keys(r.flake.custom)).toEqual(["a"]);
    expect(r.flake.osConfigurations).toBeUndefined();
  });
  it("read-only resolved and mainModule", () => {
    const r = evalDen({ den: { hosts: { x: { a: { resolved: 1 } } } } });
    expect(() => host(r, "a", "x").resolved).toThrow(/read-only/);
  });
  it("open records keep extra fields", () => {
    const r = evalDen({ den: { hosts: { x: { a: { role: "db", users: { u: { shell: "fish" } } } } } } });
    expect(host(r, "a", "x").role).toBe("db");
    expect(host(r, "a", "x").users.u.shell).toBe("fish");
  });
  it("schema.host/user/conf modules receive the entity", () => {
    const r = evalDen({
      den: {
        hosts: { x: { a: { users: { u: {} } } } },
        schema: {
          host: ({ host }: any) => ({
            options: { greeting: mkOption({ type: types.str }) },
            config: {
              get greeting() {
                return `hi ${host.name}`;
              },
            },
          }),
          user: ({ user, host }: any) => ({
            options: { label: mkOption({ type: types.str }) },
            config: {
              get label() {
                return `${user.name}@${host.name}`;
              },
            },
          }),
          conf: { options: { tier: mkOption({ type: types.str, default: "base" }) } },
        },
      },
    });
    const h = host(r, "a", "x");
    expect(h.greeting).toBe("hi a");
    expect(h.users.u.label).toBe("u@a");
    expect(h.tier).toBe("base");
    expect(h.users.u.tier).toBe("base");
  });
  it("strict mode: unknown fields are errors that say where to declare them", () => {
    const r = evalDen({ den: { schema: { strict: true }, hosts: { x: { a: { role: "db" } } } } });
    expect(() => host(r, "a", "x").name).toThrow(/den.schema.host/);
    const ok = evalDen({
      den: {
        schema: { strict: true, host: { options: { role: mkOption({ type: types.str }) } } },
        hosts: { x: { a: { role: "db" } } },
      },
    });
    expect(host(ok, "a", "x").role).toBe("db");
  });
  it("schema.aspect declares aspect fields (not classes)", () => {
    const r = evalDen({
      den: {
        schema: { aspect: { options: { priority: mkOption({ type: types.int, default: 0 }) } } },
        aspects: { x: { priority: 5, os: { list: ["x"] } } },
      },
    });
    expect(r.den.aspects.x!.fields.priority).toBe(5);
    expect(Object.keys(r.den.aspects.x!.classes)).toEqual(["os"]);
  });
  it("custom instantiate and the host in the output", () => {
    const r = evalDen({ den: { hosts: { x: { a: { instantiate: ({ entity }: any) => ({ built: entity.name }) } } } } });
    expect(r.flake.osConfigurations.a).toEqual({ built: "a" });
  });
  it("flake outputs merge with anything a module sets", () => {
    const r = evalDen(
      { den: { hosts: { x: { a: {} } } } },
      { flake: { packages: { x: { tool: { name: "tool" } } }, osConfigurations: { other: 1 } } },
    );
    expect(Object.keys(r.flake.osConfigurations).sort()).toEqual(["a", "other"]);
    expect(r.flake.packages.x.tool.name).toBe("tool");
  });
  it("den._ is den.provides", () => {
    const r = evalDen({});
    expect((r.den as any)._.hostname).toBe(r.den.provides.hostname);
  });
});
