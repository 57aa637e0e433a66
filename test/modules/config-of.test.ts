/**
 * The type of a configuration derived from its declarations (`ConfigOf`): checked by
 * the compiler (`tsc --noEmit` over test/), with an evaluation beside each case so the
 * derived type is seen to describe the value evaluation gives.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type ConfigOf,
  type DerivationValue,
  defineModule,
  evalModules,
  mkEnableOption,
  mkOption,
  type OptionDecl,
  types,
} from "../../src/index.js";

const volume = {
  options: {
    image: mkOption({ type: types.str }),
    size: mkOption({ type: types.nullOr(types.ints.positive), default: null }),
    fsType: mkOption({ type: types.enum(["ext4", "xfs"]), default: "ext4" }),
  },
};

const share = ({ name }: { name: string }) => ({
  options: {
    tag: mkOption({ type: types.str, default: name }),
    proto: mkOption({ type: types.enum(["9p", "virtiofs"]), default: "9p" }),
  },
});

const options = {
  vm: {
    enable: mkEnableOption("the VM"),
    mem: mkOption({ type: types.ints.positive, default: 512 }),
    tags: mkOption({ type: types.attrsOf(types.str), default: {} }),
    kernel: mkOption({ type: types.either(types.package, types.path), default: "/boot/bzImage" }),
    threads: mkOption({ type: types.nullOr(types.oneOf([types.ints.unsigned, types.enum(["nproc"])])), default: null }),
    volumes: mkOption({ type: types.listOf(types.submodule(volume)), default: [] }),
    shares: mkOption({ type: types.attrsOf(types.submodule(share)), default: {} }),
    extra: mkOption({
      type: types.submodule({
        freeformType: types.attrsOf(types.int),
        options: { fixed: mkOption({ type: types.bool }) },
      }),
      default: { fixed: true },
    }),
    name: mkOption({ type: types.str, default: "demo", apply: (s: string) => s.length }),
  },
};

type Config = ConfigOf<typeof options>;

describe("ConfigOf: the configuration's type from its declarations", () => {
  it("an mkOption declaration carries the type of its value", () => {
    expectTypeOf(mkOption({ type: types.int })).toEqualTypeOf<OptionDecl<number>>();
    expectTypeOf<ConfigOf<OptionDecl<string[]>>>().toEqualTypeOf<string[]>();
  });

  it("maps each option type to the type of its values", () => {
    expectTypeOf<Config["vm"]["enable"]>().toEqualTypeOf<boolean>();
    expectTypeOf<Config["vm"]["mem"]>().toEqualTypeOf<number>();
    expectTypeOf<Config["vm"]["tags"]>().toEqualTypeOf<Record<string, string>>();
    expectTypeOf<Config["vm"]["kernel"]>().toEqualTypeOf<DerivationValue | string>();
    expectTypeOf<Config["vm"]["threads"]>().toEqualTypeOf<number | "nproc" | null>();
    expectTypeOf<Config["vm"]["name"]>().toEqualTypeOf<number>();
  });

  it("a submodule's values are the configuration of its modules' options (functions and freeform types too)", () => {
    expectTypeOf<Config["vm"]["volumes"]>().toEqualTypeOf<
      { readonly image: string; readonly size: number | null; readonly fsType: "ext4" | "xfs" }[]
    >();
    expectTypeOf<Config["vm"]["shares"]>().toEqualTypeOf<
      Record<string, { readonly tag: string; readonly proto: "9p" | "virtiofs" }>
    >();
    expectTypeOf<Config["vm"]["extra"]["fixed"]>().toEqualTypeOf<boolean>();
    expectTypeOf<Config["vm"]["extra"]["other"]>().toEqualTypeOf<number | boolean>();
  });

  it("a submodule with no options TypeScript can see is any", () => {
    const declared = { byPath: mkOption({ type: types.submodule("/some/module.ts") }) };
    expectTypeOf<ConfigOf<typeof declared>["byPath"]>().toBeAny();
  });

  it("a field the declarations lack, or a value of the wrong type, does not compile", () => {
    // @ts-expect-error: no option `memory`
    const wrongField: Config["vm"]["memory"] = 1;
    // @ts-expect-error: `mem` is a number
    const wrongType: Config["vm"]["mem"] = "512";
    const { vm } = evalModules({ modules: [{ options }] }).config as Config;
    // @ts-expect-error: the configuration is read-only (as evaluation makes it)
    expect(() => (vm.mem = 1)).toThrow(/read-only/);
    expect([wrongField, wrongType]).toEqual([1, "512"]);
  });

  it("types a module's config by the options it declares (defineModule<ConfigOf<...>>)", () => {
    type Config = ConfigOf<typeof options>;
    const good = defineModule<Config>(({ config }) => {
      expectTypeOf(config.vm.mem).toEqualTypeOf<number>();
      return { options, config: { vm: { shares: { a: { proto: "virtiofs" } } } } };
    });
    // @ts-expect-error: `proto` is "9p" or "virtiofs"
    const bad = defineModule<Config>({ options, config: { vm: { shares: { a: { proto: "nfs" } } } } });
    expect([typeof good, typeof bad]).toEqual(["function", "object"]);
  });

  it("describes the value evaluation gives", () => {
    const { vm } = evalModules({
      modules: [
        { options },
        { config: { vm: { volumes: [{ image: "a.img", size: 64 }], shares: { store: { proto: "virtiofs" } } } } },
      ],
    }).config as Config;
    const volume: { image: string; size: number | null; fsType: "ext4" | "xfs" } = vm.volumes[0]!;
    const share: { tag: string; proto: "9p" | "virtiofs" } = vm.shares.store!;
    expect({ mem: vm.mem, volume: { ...volume }, share: { ...share }, name: vm.name, threads: vm.threads }).toEqual({
      mem: 512,
      volume: { image: "a.img", size: 64, fsType: "ext4" },
      share: { tag: "store", proto: "virtiofs" },
      name: 4,
      threads: null,
    });
  });
});
