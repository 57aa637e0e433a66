// Whatever user code throws (module functions, getters, lazy values), the error that
// comes out says where: a genuine Error is passed on as it is, any other value becomes
// a THROWN_VALUE error naming the module or the option (and never crashes a reporter).
import { describe, expect, it } from "vitest";
import { evalModules, lazy, mkOption, ModuleError, types } from "../../../src/index.js";

const hostile = () =>
  new Proxy(
    {},
    {
      get() {
        throw new Error("trap");
      },
      getPrototypeOf() {
        throw new Error("trap");
      },
      ownKeys() {
        throw new Error("trap");
      },
      getOwnPropertyDescriptor() {
        throw new Error("trap");
      },
    },
  );

const thrownValues: [string, () => unknown, RegExp][] = [
  ["null", () => null, /threw null/],
  ["undefined", () => undefined, /threw undefined/],
  ["a string", () => "boom", /threw "boom"/],
  ["an empty object", () => ({}), /threw an object \{ \}/],
  ["an object without prototype", () => Object.create(null), /threw an object without prototype/],
  ["a Proxy with throwing traps", hostile, /threw a Proxy/],
];

const decl = { _file: "decl.ts", options: { x: mkOption({ type: types.int }) } };

function caught(f: () => unknown): ModuleError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ModuleError);
    return e as ModuleError;
  }
  throw new Error("expected an error");
}

describe("thrown values become located errors", () => {
  for (const [label, make, shown] of thrownValues) {
    it(`${label} thrown by a module function names the module`, () => {
      const e = caught(
        () =>
          evalModules({
            modules: [
              decl,
              {
                _file: "throws.ts",
                imports: [
                  () => {
                    throw make();
                  },
                ],
              },
            ],
          }).config.x,
      );
      expect(e.code).toBe("THROWN_VALUE");
      expect(e.message).toMatch(/The module `throws\.ts' threw/);
      expect(e.message).toMatch(shown);
      expect(String(e)).toContain("threw");
    });

    it(`${label} thrown by a getter names the option and its file`, () => {
      const e = caught(
        () =>
          evalModules({
            modules: [
              decl,
              {
                _file: "getter.ts",
                get x(): number {
                  throw make();
                },
              },
            ],
          }).config.x,
      );
      expect(e.code).toBe("THROWN_VALUE");
      expect(e.optionPath).toEqual(["x"]);
      expect(e.definitions.map((d) => d.file)).toEqual(["getter.ts"]);
      expect(e.message).toMatch(shown);
    });

    it(`${label} thrown by a lazy configuration names the module`, () => {
      const e = caught(
        () =>
          evalModules({
            modules: [
              decl,
              {
                _file: "lazy.ts",
                config: lazy(() => {
                  throw make();
                }),
              },
            ],
          }).config.x,
      );
      expect(e.code).toBe("THROWN_VALUE");
      expect(e.definitions.map((d) => d.file)).toEqual(["lazy.ts"]);
    });
  }

  it("a genuine Error is passed on as it is (its stack says where)", () => {
    const boom = new TypeError("boom");
    let got: unknown;
    try {
      evalModules({
        modules: [
          decl,
          {
            get x(): number {
              throw boom;
            },
          },
        ],
      }).config.x;
    } catch (e) {
      got = e;
    }
    expect(got).toBe(boom);
  });

  it("an async module function is an invalid module naming its file, not an option without a name", () => {
    const e = caught(() => evalModules({ modules: [{ _file: "async.ts", imports: [async () => ({ x: 1 })] }] }).config);
    expect(e.code).toBe("INVALID_MODULE");
    expect(e.message).toMatch(/A module in `async\.ts' is a Promise/);
  });

  it("a class given as a module is an invalid module naming its file", () => {
    class NotAModule {}
    const e = caught(() => evalModules({ modules: [{ _file: "class.ts", imports: [NotAModule] }] }).config);
    expect(e.code).toBe("INVALID_MODULE");
    expect(e.message).toMatch(/The module `class\.ts' is a class/);
  });
});
