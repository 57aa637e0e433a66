/** Strict aspects (den.schema.strict.aspect): a key that is neither a declared field nor a known class is an error. */
import { describe, expect, it } from "vitest";
import { mkOption, types } from "../../src/modules/index.js";
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
