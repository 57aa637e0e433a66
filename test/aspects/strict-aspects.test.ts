/** Strict aspects (den.schema.strict.aspect): a key that is neither a declared field nor a known class is an error. */
import { describe, expect, it } from "vitest";
import { mkOption, types } from "../../src/modules/index.js";
import { strictModule } from "../../src/aspects/schema.js";
import { evalDen } from "./helpers.js";

const strict = { den: { schema: { strict: { aspect: true } } } };

describe("strict aspects", () => {
  it("an unknown key is an error saying how to declare it as a class or a field", () => {
    const r = evalDen(strict, {
      den: { hosts: { "x86_64-linux": { igloo: {} } }, aspects: { igloo: { arbitrary: {} } } },
    });
    expect(() => r.den.aspects.igloo).toThrow(/den \(strict\): aspect `igloo' has no field or class `arbitrary'/);
    try {
      void r.den.aspects.igloo;
    } catch (e) {
      expect((e as { hint?: string }).hint).toMatch(/den\.classes\.arbitrary = \[\].*den\.schema\.aspect/);
    }
  });

  it("known classes pass: den.classes, the built-in ones, entities' classes; declared fields are fields", () => {
    const r = evalDen(strict, {
      den: {
        hosts: { "x86_64-linux": { igloo: { users: { tux: { classes: ["kitty"] } } } } },
        schema: { aspect: { options: { tier: mkOption({ type: types.int, default: 0 }) } } },
        aspects: {
          igloo: { os: { list: ["ok"] }, hm: {}, homeManager: {}, user: {}, tier: 2, provides: { sub: { kitty: {} } } },
        },
      },
    });
    const igloo = r.den.aspects.igloo!;
    expect(Object.keys(igloo.classes).sort()).toEqual(["hm", "homeManager", "os", "user"]);
    expect(igloo.fields.tier).toBe(2);
    expect(Object.keys(igloo.provides.sub!.classes)).toEqual(["kitty"]);
    expect(r.flake.osConfigurations.igloo.config.list).toEqual(["ok"]);
  });

  it("a provided aspect is checked too; without strict mode any key is a class", () => {
    const r = evalDen(strict, { den: { aspects: { foo: { provides: { bar: { typo: {} } } } } } });
    expect(() => r.den.aspects.foo!.provides.bar).toThrow(/aspect `foo\/bar' has no field or class `typo'/);
    const relaxed = evalDen({ den: { aspects: { foo: { arbitrary: {} } } } });
    expect(Object.keys(relaxed.den.aspects.foo!.classes)).toEqual(["arbitrary"]);
  });
});

describe("den.lib.strict", () => {
  const withStrict = (kinds: string[]) =>
    evalDen(({ den }: any) => ({
      den: {
        schema: Object.fromEntries(
          kinds.map((k) => [k, k === "host" ? { imports: [den.lib.strict] } : den.lib.strict]),
        ),
        hosts: { "x86_64-linux": { igloo: { users: { tux: { arbitrary: "value" } }, arbitrary: "value" } } },
        aspects: { igloo: { arbitrary: {} } },
      },
    }));

  it("in den.schema.<kind> makes that kind strict", () => {
    const r = withStrict(["host"]);
    expect(() => (r.den.hosts["x86_64-linux"]!.igloo as any).arbitrary).toThrow(/igloo' has no field `arbitrary'/);
    const a = evalDen(({ den }: any) => ({
      den: { schema: { aspect: den.lib.strict }, aspects: { igloo: { arbitrary: {} } } },
    }));
    expect(() => a.den.aspects.igloo).toThrow(/aspect `igloo' has no field or class `arbitrary'/);
  });

  it("relaxed without it: unknown fields are kept", () => {
    const r = withStrict([]);
    const igloo = r.den.hosts["x86_64-linux"]!.igloo as any;
    expect([igloo.arbitrary, igloo.users.tux.arbitrary]).toEqual(["value", "value"]);
  });

  it("a strict user kind rejects the user's unknown field", () => {
    const r = withStrict(["user"]);
    expect(() => (r.den.hosts["x86_64-linux"]!.igloo as any).users.tux.arbitrary).toThrow(
      /tux' has no field `arbitrary'/,
    );
  });
});

it("den.lib.strict imported by a schema module (outside a module body) makes the kind strict", () => {
  const r = evalDen({
    den: {
      schema: { host: { imports: [strictModule, { options: { role: mkOption({ default: "db" }) } }] } },
      hosts: { "x86_64-linux": { igloo: { role: "web", arbitrary: "value" } } },
    },
  });
  expect(() => (r.den.hosts["x86_64-linux"]!.igloo as any).arbitrary).toThrow(/has no field `arbitrary'/);
});
