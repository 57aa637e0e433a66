/** Finding definitions in source text (src/project/locate/: the TypeScript parser; src/project/explain/lines.ts): a table of sources and the lines expected. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { locateDefinitions } from "../../src/project/explain/lines.js";
import type { RawDefinition } from "../../src/modules/index.js";
import { scanProperties } from "../../src/project/locate/syntax.js";
import { declarationLine, definitionSites } from "../../src/project/locate/source.js";
import { listElements, literalValue } from "../../src/project/locate/value.js";

const tmp = mkdtempSync(join(tmpdir(), "tsden-locate-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function file(text: string): string {
  const path = join(tmp, `f${n++}.ts`);
  writeFileSync(path, text);
  return path;
}
const raw = (value: unknown, moduleKey = "m", file = "x"): RawDefinition => ({ file, moduleKey, value, index: 0 });

describe("locating definitions", () => {
  it("reads chains through calls, functions, getters, strings, templates, regexes and comments", () => {
    const src = [
      "// a: { b: 1 } in a comment",
      "const re = /{ not: an object }/g;",
      "export default ({ config }: { config: any }) => ({",
      "  config: mkIf(() => `${config.x}}` !== '{', {",
      '    "net-work": { hostName: `h-${"}"}` },',
      "    get port() { return re.test('a') ? 1 : 2; },",
      "    list: [1, ...more, 3],",
      "  }),",
      "});",
    ].join("\n");
    const sites = scanProperties(src).filter((s) => s.kind !== "shorthand");
    const show = sites.map((s) => `${s.line} ${s.chain.join(".")}`);
    expect(show).toContain("4 config");
    expect(show).toContain("5 config.net-work.hostName");
    expect(show).toContain("6 config.port");
    expect(show).toContain("7 config.list");
    expect(show.some((s) => s.includes("not"))).toBe(false);
    const list = sites.find((s) => s.chain.at(-1) === "list")!;
    expect(listElements(list.value)).toEqual([
      { line: 7, spread: false },
      { line: 7, spread: true },
      { line: 7, spread: false },
    ]);
  });

  it.each([
    ["a: 1", { ok: true, value: 1 }],
    ["a: mkForce(-2)", { ok: true, value: -2 }],
    ["a: mkIf(c, { b: [true, null, 'x'] })", { ok: true, value: { b: [true, null, "x"] } }],
    ["a: mkOverride(10, `t`) as number", { ok: true, value: "t" }],
    ["a: f(1)", { ok: false }],
  ])("reads literal values: %s", (text, expected) => {
    const s = scanProperties(`x = { ${text} }`).find((p) => p.chain.join(".") === "a")!;
    expect(literalValue(s.value)).toEqual(expected);
  });

  it("matches several definitions in one file by their literal values, and leaves ambiguous ones out", () => {
    const path = file(
      ["export default [", "  { port: 1 },", "  { port: 2 },", "  { port: f() },", "  { port: g() },", "];"].join("\n"),
    );
    expect(definitionSites(path, ["port"]).map((s) => s.line)).toEqual([2, 3, 4, 5]);
    const [one, two, three] = [raw(1, "a", path), raw(2, "b", path), raw({ computed: true }, "c", path)];
    const found = locateDefinitions([one, two, three], ["port"], () => [path]);
    expect(found.get(one)?.site.line).toBe(2);
    expect(found.get(two)?.site.line).toBe(3);
    expect(found.has(three)).toBe(false); // two candidates left (lines 4 and 5): never guessed
  });

  it("takes one module's remaining definitions in source order, and a declaration's line by its chain", () => {
    const path = file(
      [
        "export default {",
        "  config: mkMerge([",
        "    { a: { b: x } },",
        "    { a: { b: y } },",
        "  ]),",
        "  options: { a: { b: mkOption({}) } },",
        "};",
      ].join("\n"),
    );
    const [p, q] = [raw(Symbol("x"), "m", path), raw(Symbol("y"), "m", path)];
    const found = locateDefinitions([p, q], ["a", "b"], () => [path]);
    expect([found.get(p)?.site.line, found.get(q)?.site.line]).toEqual([3, 4]);
    expect(declarationLine(path, ["a", "b"])).toBe(6);
    expect(declarationLine(path, ["z", "<name>", "b"])).toBe(6);
    expect(declarationLine(path, ["c"])).toBeUndefined();
  });
});
