/**
 * Loading a project: a folder whose `modules/` files (see `module-files.ts`) are all
 * imported in sorted path order, each default-exporting a module of the top-level
 * evaluation. Each module is wrapped so that it carries its file: `_file` is the path
 * relative to the project (errors name it), `key` the absolute path (so
 * `disabledModules` can name a file, as with nixpkgs path imports).
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { noteModuleFile } from "../modules/index.js";
import { ProjectError } from "./errors.js";
import { compiledModules } from "./compile-cache.js";
import { importCompiled, importFile, ownEntry } from "./import-runtime.js";
import { settledOrStalled } from "./never-settles.js";
import { listModuleFiles, modulesFolder } from "./module-files.js";

/** One module file of a project, imported. */
export interface ProjectFile {
  /** The path relative to the project folder, `/`-separated (`modules/hosts.ts`). */
  readonly file: string;
  /** The absolute path. */
  readonly path: string;
  /** The module, as the file default-exports it. */
  readonly module: unknown;
}

/** A loaded project. */
export interface Project {
  /** The absolute path of the project folder. */
  readonly root: string;
  /** Its module files, in load order. */
  readonly files: readonly ProjectFile[];
  /** The modules to evaluate, in load order, each carrying its `_file` and `key`. */
  readonly modules: readonly unknown[];
}

/** Checks that `root` is a project folder (it has a `modules/` folder). */
function checkRoot(root: string, given: string): void {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new ProjectError({
      code: "PROJECT_NOT_FOUND",
      message: `The project folder \`${given}' does not exist.`,
      hint: "Run tsden in a project folder, or pass --project DIR.",
    });
  }
  const modules = join(root, modulesFolder);
  if (!existsSync(modules) || !statSync(modules).isDirectory()) {
    throw new ProjectError({
      code: "PROJECT_NOT_FOUND",
      message: `\`${given}' is not a tsden project: it has no \`${modulesFolder}/' folder.`,
      hint: `A project is a folder whose \`${modulesFolder}/**/*.ts' files each default-export a module.`,
    });
  }
}

/** Imports one module file (its compiled form when given) and returns its default export. */
async function importModule(root: string, file: string, compiled: string | undefined): Promise<ProjectFile> {
  const path = join(root, file);
  let ns: Record<string, unknown>;
  try {
    const imported = compiled === undefined ? importFile(root, path) : importCompiled(compiled);
    ns = await settledOrStalled(imported, () => neverLoaded(file));
  } catch (e) {
    if (e instanceof ProjectError) throw e;
    throw new ProjectError({
      code: "MODULE_IMPORT_FAILED",
      message: `Cannot import \`${file}': ${e instanceof Error ? e.message : String(e)}`,
      file,
      cause: e,
    });
  }
  if (!("default" in ns) || ns.default === undefined) {
    throw new ProjectError({
      code: "INVALID_PROJECT_MODULE",
      message: `\`${file}' has no default export.`,
      file,
      hint: "Each file under modules/ default-exports one module: `export default { ... }` (or move helpers to a `_`-prefixed file or folder).",
    });
  }
  return { file, path, module: ns.default };
}

/** The error for a module file whose evaluation can never finish. */
function neverLoaded(file: string): ProjectError {
  return new ProjectError({
    code: "MODULE_IMPORT_FAILED",
    message: `\`${file}' never finished loading: its top-level await (or that of a file it imports) waits for a promise that nothing will ever settle.`,
    file,
    hint: "Make sure every promise a module awaits at its top level resolves or rejects (a timer, a read, a process that ends); compute slow values inside the module's functions instead.",
  });
}

/** The module of a file, wrapped so that it carries the file's name and key (and noted as that file's, for naming import cycles). */
export function withFile(f: ProjectFile): unknown {
  noteModuleFile(f.module, f.file);
  return { _file: f.file, key: f.path, imports: [f.module] };
}

/**
 * Loads the project in folder `dir`: imports its module files in load order.
 * TypeScript files are compiled once and kept in the compile cache (`compile-cache.ts`),
 * else compiled at runtime (tsx); `import ... from "tsden"` in them resolves to the
 * running tsden.
 */
export async function loadProject(dir: string): Promise<Project> {
  const root = resolve(dir);
  checkRoot(root, dir);
  const list = listModuleFiles(root);
  const entry = ownEntry();
  const compiled = entry === undefined ? undefined : await compiledModules(root, list, entry);
  const files: ProjectFile[] = [];
  for (const file of list) files.push(await importModule(root, file, compiled?.get(file)));
  return { root, files, modules: files.map(withFile) };
}
