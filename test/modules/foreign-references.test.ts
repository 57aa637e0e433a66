/** A reference taken in one evaluation, used as a module by another once the first has finished collecting. */
import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "../../src/modules/index.js";

describe("references from another evaluation", () => {
  it("can be imported once that evaluation has collected its modules; in its own imports they are still an error", () => {
    let captured: unknown;
    const outer = evalModules({
      modules: [
        { options: { m: mkOption({ type: types.raw }) } },
        { m: { options: { x: mkOption({ type: types.int, default: 7 }) } } },
        ({ config }: { config: { m: unknown } }) => {
          captured = config.m; // a reference: the value is not known while modules are collected
          return {};
        },
      ],
    });
    expect(outer.config.m).toBeDefined();
    const inner = evalModules({ modules: [{ imports: [captured] }] });
    expect((inner.config as { x: number }).x).toBe(7);
    expect(
      () =>
        evalModules({
          modules: [{ options: { m: mkOption({ type: types.raw }) } }, ({ config }: any) => ({ imports: [config.m] })],
        }).config,
    ).toThrow(/while modules are being collected \(in `imports'\)/);
  });
});
