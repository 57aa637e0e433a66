/**
 * Deep and cyclic inputs through the real binary (dist/cli/main.js): imports nested
 * 5,000 deep, an option tree and `mkMerge` nested 2,000 deep, a value nested 10,000
 * deep and a value whose `toJSON` returns itself are evaluated and printed; a module
 * importing itself (directly or through another file) and code that recurses without
 * end are coded errors naming the module. Never a bare RangeError.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTsden } from "./run-tsden.js";

let dir: string;

/** Writes a project of `files` (paths under its folder) and returns the folder. */
async function project(name: string, files: Record<string, string>): Promise<string> {
  const root = join(dir, name);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(root, file, ".."), { recursive: true });
    await writeFile(join(root, file), text);
  }
  return root;
}

function tsden(args: string[], cwd: string) {
  return runTsden(args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { TSDEN_STORE: join(dir, "store") } });
}

const deep = `import { lazy, mkMerge, mkOption, types } from "tsden";

function nest<T>(n: number, x: T, wrap: (v: T) => T): T {
  let v = x;
  for (let i = 0; i < n; i++) v = wrap(v);
  return v;
}

// imports nested 5,000 deep, the option declared by the innermost module
const chain = nest(5000, { options: { fromImports: mkOption({ type: types.int, default: 42 }) } } as object, (m) => ({ imports: [m] }));
// an option tree nested 2,000 deep
const tree = nest(2000, mkOption({ type: types.int, default: 7 }) as unknown, (o) => ({ a: o }));

export default ({ config }: { config: any }) => ({
  imports: [chain],
  options: { tree },
  config: mkMerge([
    // mkMerge nested 2,000 deep
    nest(2000, { flake: { extremes: { merged: 3 } } } as unknown, (c) => mkMerge([c])),
    {
      flake: {
        extremes: {
          fromImports: lazy(() => config.fromImports),
          fromTree: lazy(() => {
            let v = config.tree;
            for (let i = 0; i < 2000; i++) v = v.a;
            return v;
          }),
        },
        deepValue: nest(10000, "bottom" as unknown, (v) => ({ a: v })),
        selfJson: { a: 1, toJSON() { return this; } },
      },
    },
  ]),
});
`;

let deepRoot: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-cli-deep-"));
  deepRoot = await project("deep", { "modules/deep.ts": deep });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("deep inputs are evaluated", () => {
  it("imports nested 5,000 deep, an option tree and mkMerge nested 2,000 deep", () => {
    const r = tsden(["eval", "extremes", "--json"], deepRoot);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ fromImports: 42, fromTree: 7, merged: 3 });
  });

  it("a value nested 10,000 deep is printed whole", () => {
    const r = tsden(["eval", "deepValue", "--json"], deepRoot);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${'{"a":'.repeat(10000)}"bottom"${"}".repeat(10000)}\n`);
  });

  it("a value whose toJSON returns itself is printed with its fields, as JSON.stringify does", () => {
    const r = tsden(["eval", "selfJson"], deepRoot);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe('{\n  "a": 1\n}\n');
  });
});

describe("cyclic inputs are coded errors naming the module", () => {
  it("a module file whose module imports itself", async () => {
    const root = await project("self", {
      "modules/self.ts":
        "const self: { imports: unknown[] } = { imports: [] };\nself.imports.push(self);\nexport default self;\n",
    });
    const r = tsden(["eval", "x"], root);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      "error[INFINITE_RECURSION]: The module `modules/self.ts' imports itself, so its imports never end.",
    );
    expect(r.stderr).toContain("hint:    Remove the import that closes the cycle (in `modules/self.ts')");
    expect(r.stderr).not.toContain("RangeError");
  });

  it("two module files importing each other, with --json", async () => {
    const root = await project("pair", {
      "modules/a.ts": 'import b from "./b.ts";\nexport default { get imports() { return [b]; } };\n',
      "modules/b.ts": 'import a from "./a.ts";\nexport default { get imports() { return [a]; } };\n',
    });
    const r = tsden(["eval", "x", "--json"], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "imports itself through other modules, so its imports never end:\n  modules/a.ts\n  -> modules/b.ts\n  -> modules/a.ts",
    );
    const error = JSON.parse(r.stdout).error;
    expect(error).toMatchObject({
      code: "INFINITE_RECURSION",
      definitions: [{ file: "modules/b.ts" }, { file: "modules/a.ts" }],
    });
  });

  it("a module function that recurses without end is STACK_OVERFLOW naming its file", async () => {
    const root = await project("loops", {
      "modules/loops.ts":
        "const down = (n: number): number => down(n + 1) + 1;\nexport default () => ({ flake: { n: down(0) } });\n",
    });
    const r = tsden(["eval", "n"], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "error[STACK_OVERFLOW]: The module `modules/loops.ts' went too deep: JavaScript's stack ran out",
    );
    expect(r.stderr).toContain("hint:    ");
  });

  it("a getter that recurses without end is shown in place, coded", async () => {
    const root = await project("getter", {
      "modules/getter.ts":
        "const down = (n: number): number => down(n + 1) + 1;\nexport default { flake: { out: { ok: 1, get bad() { return down(0); } } } };\n",
    });
    const r = tsden(["eval", "out", "--json"], root);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: 1,
      bad: expect.stringMatching(/^«error STACK_OVERFLOW: Reading `bad' of the printed value went too deep/),
    });
    expect(r.stderr).toContain("out.bad: error STACK_OVERFLOW");
  });

  it("an overflow no layer reports (a getter in an option declaration) is STACK_OVERFLOW with the file and line", async () => {
    const root = await project("declaration", {
      "modules/x.ts": "const f = (): unknown => f();\nexport default { options: { get deep() { return f(); } } };\n",
    });
    const r = tsden(["eval", "x", "--json"], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "error[STACK_OVERFLOW]: `tsden eval x --json' (in `modules/x.ts', line 1) went too deep",
    );
    expect(r.stderr).toContain("  --> modules/x.ts:1");
    expect(JSON.parse(r.stdout).error).toMatchObject({
      code: "STACK_OVERFLOW",
      definitions: [{ file: "modules/x.ts", line: 1 }],
    });
  });
});
