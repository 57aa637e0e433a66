import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "../../src/index.js";

type Tree = { v: number; imports: Tree[] };

const treeOf = (depth: number): fc.Arbitrary<Tree> =>
  fc.record({
    v: fc.integer({ min: 0, max: 99 }),
    imports: depth === 0 ? fc.constant([]) : fc.array(treeOf(depth - 1), { maxLength: 2 }),
  });
const tree = treeOf(3);

const toModule = (t: Tree): unknown => ({ xs: [t.v], imports: t.imports.map(toModule) });
const decl = { options: { xs: mkOption({ type: types.listOf(types.int), default: [] }) } };

describe("extendModules keeps the reference's definition order", () => {
  it("extending gives the same lists as evaluating all the modules at once", () => {
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 3 }), fc.array(tree, { maxLength: 3 }), (base, ext) => {
        const b = evalModules({ modules: [decl, ...base.map(toModule)] });
        void b.config.xs;
        const extended = b.extendModules({ modules: ext.map(toModule) });
        const whole = evalModules({ modules: [decl, ...base.map(toModule), ...ext.map(toModule)] });
        expect(extended.config.xs).toEqual(whole.config.xs);
      }),
      { numRuns: 300 },
    );
  });

  it("chained extensions, read in any order, give the lists of one evaluation of all modules", () => {
    fc.assert(
      fc.property(
        fc.array(tree, { maxLength: 2 }),
        fc.array(tree, { maxLength: 2 }),
        fc.array(tree, { maxLength: 2 }),
        fc.boolean(),
        (a, b, c, readMiddle) => {
          const first = evalModules({ modules: [decl, ...a.map(toModule)] });
          void first.config.xs;
          const second = first.extendModules({ modules: b.map(toModule) });
          if (readMiddle) void second.config.xs;
          const third = second.extendModules({ modules: c.map(toModule) });
          const whole = evalModules({ modules: [decl, ...[...a, ...b, ...c].map(toModule)] });
          expect(third.config.xs).toEqual(whole.config.xs);
          expect(second.config.xs).toEqual(evalModules({ modules: [decl, ...[...a, ...b].map(toModule)] }).config.xs);
        },
      ),
      { numRuns: 300 },
    );
  });
});
