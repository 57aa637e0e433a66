/** parametric.fixedTo.exactly/.atLeast/.upTo, aspect meta.name/file/loc, and strict mode per entity kind. */
import { describe, expect, it } from "vitest";
import { aspect, parametric, resolve } from "../../src/aspects/index.js";
import { evalModules, mkOption, types } from "../../src/modules/index.js";
import { evalDen, host, osOptions, sorted } from "./helpers.js";

const list = (m: unknown) => evalModules({ modules: [osOptions, resolve("os", m)] }).config.list as string[];

describe("parametric.fixedTo variants", () => {
  const h = { name: "igloo" };
  const u = { name: "tux" };
  const a = aspect("a", {
    os: { list: ["owned"] },
    includes: [
      ({ host }: any) => ({ os: { list: [`host ${host.name}`] } }),
      ({ host, user }: any) => ({ os: { list: [`user ${user.name}@${host.name}`] } }),
      aspect("nested", { includes: [({ host, user }: any) => ({ os: { list: [`nested ${user.name}`] } })] }),
    ],
  });

  it("fixedTo is full mode: owned modules and every function taking at least the context's keys", () => {
    expect(sorted(list(parametric.fixedTo({ host: h, user: u }, a)))).toEqual([
      "host igloo",
      "nested tux",
      "owned",
      "user tux@igloo",
    ]);
  });
  it("fixedTo.exactly: no owned modules; only functions whose arguments are exactly the context's keys, at any depth", () => {
    expect(sorted(list(parametric.fixedTo.exactly({ host: h, user: u }, a)))).toEqual(["nested tux", "user tux@igloo"]);
    expect(list(parametric.fixedTo.exactly({ host: h }, a))).toEqual(["host igloo"]);
  });
  it("fixedTo.atLeast: no owned modules; functions taking at least the keys", () => {
    expect(sorted(list(parametric.fixedTo.atLeast({ host: h, user: u }, a)))).toEqual([
      "host igloo",
      "nested tux",
      "user tux@igloo",
    ]);
  });
  it("fixedTo.upTo: functions receive only the keys they name", () => {
    const seen: string[][] = [];
    list(
      parametric.fixedTo.upTo(
        { host: h, user: u, extra: 1 },
        aspect("b", { includes: [(c: any) => (seen.push(Object.keys(c)), c.host && null)] }),
      ),
    );
    expect(seen).toEqual([["host"]]);
  });
});

describe("aspect meta", () => {
  it("meta.name, meta.file and meta.loc describe where an aspect is", () => {
    const r = evalDen({ den: { aspects: { web: { provides: { tls: {} } } } } });
    const web = r.den.aspects.web!;
    // as Den's: the option path, joined by `.` for the name
    expect(web.meta.name).toBe("den.aspects.web");
    expect(web.meta.loc).toEqual(["den", "aspects", "web"]);
    expect(web.provides.tls!.meta.loc).toEqual(["den", "aspects", "web", "provides", "tls"]);
    expect(web.provides.tls!.meta.name).toBe("den.aspects.web.provides.tls");
    expect(web.provides.tls!.meta.provider).toEqual(["web"]);
    expect(web.meta.self).toBe(web);
    expect(typeof web.meta.file).toBe("string");
    expect(aspect("x", { meta: { name: "custom" } }).meta.name).toBe("custom");
    // outside a project, the aspect's name and identity
    expect([aspect("y", {}).meta.name, aspect("y", {}).meta.loc]).toEqual(["y", ["y"]]);
  });
});

describe("strict mode per entity kind", () => {
  it("{ host: true } makes unknown host fields errors and leaves users open", () => {
    const r = evalDen({
      den: {
        schema: { strict: { host: true } },
        hosts: { "x86_64-linux": { h: { role: "db", users: { tux: { shell: "fish" } } } } },
      },
    });
    expect(() => host(r)).toThrow(
      /den \(strict\): `den.hosts.x86_64-linux.h' has no field `role'. Declare it in den.schema.host/,
    );
    const r2 = evalDen({
      den: {
        schema: { strict: { host: true } },
        hosts: { "x86_64-linux": { h: { users: { tux: { shell: "fish" } } } } },
      },
    });
    expect(host(r2).users.tux.shell).toBe("fish");
    const r3 = evalDen({
      den: {
        schema: { strict: { user: true } },
        hosts: { "x86_64-linux": { h: { users: { tux: { shell: "fish" } } } } },
      },
    });
    expect(() => host(r3).users.tux).toThrow(/has no field `shell'. Declare it in den.schema.user/);
  });

  it("{ home: true } makes unknown home fields errors; a field den.schema.home declares is kept", () => {
    const homes = { "x86_64-linux": { tux: { theme: "dark" } } };
    const r = evalDen({ den: { schema: { strict: { home: true } }, homes } });
    expect(() => r.den.homes["x86_64-linux"]!.tux).toThrow(/has no field `theme'. Declare it in den.schema.home/);
    const declared = evalDen({
      den: {
        schema: { strict: { home: true }, home: { options: { theme: mkOption({ type: types.str }) } } },
        homes,
      },
    });
    expect(declared.den.homes["x86_64-linux"]!.tux!.theme).toBe("dark");
  });

  it("den.lib.strict in a kind's schema makes that kind strict, as Den's spelling does", () => {
    const strictHost = ({ den }: any) => ({ den: { schema: { host: den.lib.strict } } });
    const r = evalDen(strictHost, {
      den: { hosts: { "x86_64-linux": { h: { role: "db", users: { tux: { x: 1 } } } } } },
    });
    expect(() => host(r)).toThrow(/has no field `role'. Declare it in den.schema.host/);
    const users = evalDen(strictHost, { den: { hosts: { "x86_64-linux": { h: { users: { tux: { x: 1 } } } } } } });
    expect(host(users).users.tux.x).toBe(1);
    // in den.schema.conf: hosts, users and homes
    const conf = evalDen(({ den }: any) => ({ den: { schema: { conf: den.lib.strict } } }), {
      den: { hosts: { "x86_64-linux": { h: { users: { tux: { x: 1 } } } } } },
    });
    expect(() => host(conf).users.tux).toThrow(/has no field `x'. Declare it in den.schema.user/);
  });

  it("den.lib.strict imported by den.schema.flake next to the options it allows", () => {
    const schema = ({ den }: any) => ({
      den: {
        schema: { flake: { imports: [den.lib.strict, { options: { arbitrary: mkOption({ type: types.str }) } }] } },
      },
    });
    expect(evalDen(schema, { flake: { arbitrary: "value" } }).flake.arbitrary).toBe("value");
    expect(() => evalDen(schema, { flake: { arbitray: "value" } }).flake.arbitray).toThrow(
      /the outputs have no `arbitray'. Declare it in den.schema.flake/,
    );
  });
});
