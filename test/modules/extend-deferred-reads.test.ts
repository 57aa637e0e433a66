/**
 * An extension shares its base's modules, and so their references to `config`. A part
 * of a value computed after the option's own computation (a submodule value's option,
 * a `lazyAttrsOf` entry, a getter in a definition) reads the configuration it was
 * merged in: the extension's, not the base's, whoever reads it and whenever.
 */
import { describe, expect, it } from "vitest";
import { evalModules, lazy, mkOption, mkOverride, type EvalResult, types } from "../../src/modules/index.js";

const declarations = {
  _file: "declare.ts",
  options: {
    host: mkOption({ type: types.str }),
    vms: mkOption({ type: types.attrsOf(types.submodule({ options: { id: mkOption({ type: types.str }) } })) }),
    tags: mkOption({ type: types.lazyAttrsOf(types.str), default: {} }),
  },
};

/** A base whose values read `host` late: a getter in a submodule value, a lazy leaf, a lazy entry. */
function base(): EvalResult {
  return evalModules({
    modules: [
      declarations,
      ({ config }: { config: { host: string } }) => ({
        _file: "vms.ts",
        host: "one",
        vms: {
          byGetter: {
            get id() {
              return `vm-${config.host}`;
            },
          },
          byLazy: { id: lazy(() => `vm-${config.host}`) },
        },
        tags: { owner: lazy(() => `tag-${config.host}`) },
      }),
    ],
  });
}

const renamed = (n: string, prio = 50) => ({ _file: `rename-${n}.ts`, host: mkOverride(prio, n) });

function read(r: EvalResult) {
  return { getter: r.config.vms.byGetter.id, lazy: r.config.vms.byLazy.id, tag: r.config.tags.owner };
}

describe("an extension's late reads see the extension", () => {
  it("read before the base", () => {
    const b = base();
    const ext = b.extendModules({ modules: [renamed("two")] });
    expect(read(ext)).toEqual({ getter: "vm-two", lazy: "vm-two", tag: "tag-two" });
    expect(read(b)).toEqual({ getter: "vm-one", lazy: "vm-one", tag: "tag-one" });
  });

  it("after the option was computed, read later from outside any computation", () => {
    const b = base();
    const ext = b.extendModules({ modules: [renamed("two")] });
    const vms = ext.config.vms; // computed now; its values' options are read below
    const tags = ext.config.tags;
    expect(vms.byGetter.id).toBe("vm-two");
    expect(vms.byLazy.id).toBe("vm-two");
    expect(tags.owner).toBe("tag-two");
  });

  it("the submodule values, when the base's were read first", () => {
    const b = base();
    expect(read(b).getter).toBe("vm-one");
    const ext = b.extendModules({ modules: [renamed("two")] });
    expect(ext.config.vms.byGetter.id).toBe("vm-two");
    expect(ext.config.vms.byLazy.id).toBe("vm-two");
  });

  it("in an extension of an extension, and in the same values serialized", () => {
    const b = base();
    const two = b.extendModules({ modules: [renamed("two")] });
    const three = two.extendModules({ modules: [renamed("three", 10)] });
    expect(read(three)).toEqual({ getter: "vm-three", lazy: "vm-three", tag: "tag-three" });
    expect(JSON.parse(JSON.stringify(two.config.vms))).toEqual({
      byGetter: { id: "vm-two" },
      byLazy: { id: "vm-two" },
    });
    expect(read(b).lazy).toBe("vm-one");
  });
});
