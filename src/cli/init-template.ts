/**
 * The project templates of `tsden init`: the bundled examples, and the copy that makes
 * a new project of one. A copy leaves out symbolic links (`result` links into the
 * store), `node_modules`, and the names the template's `.gitignore` lists (disk images,
 * sockets), so that the new folder holds sources only. A copy never writes through a
 * symbolic link in the new project: a file of the same name that is a link is replaced
 * by the file (the link's target is left alone), and a folder of the template that is
 * a link there is refused before anything is written.
 */
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "./usage-error.js";

/** A template: the example it copies and what to run first in the new project. */
export interface Template {
  readonly name: string;
  /** The folder under `examples/`. */
  readonly example: string;
  readonly summary: string;
  /** Commands to try first, run in the new project's folder. */
  readonly next: readonly string[];
}

/** The templates, by name. */
export const templates: readonly Template[] = [
  {
    name: "minimal",
    example: "minimal",
    summary: "two Den hosts (server, laptop) with aspects and a small os class",
    next: [
      "tsden eval osConfigurations.server.config.networking.firewall.allowedTCPPorts",
      "tsden explain osConfigurations.server.config.networking.firewall.allowedTCPPorts",
    ],
  },
  {
    name: "microvm",
    example: "microvm",
    summary: "a host with a guest microVM, and a runnable microVM (Den's MicroVM template)",
    next: ["tsden eval osConfigurations.server.config.networking.hostName", "tsden run runnable-microvm"],
  },
  {
    name: "composition",
    example: "composition",
    summary: "VM composition with extendModules: base modules, profiles, targets (Ghaf's pattern)",
    next: ["tsden eval osConfigurations.qemu-vm.config.ghaf.networking.hosts", "tsden build osConfigurations.qemu-vm"],
  },
];

/** The folder of the bundled examples (in the package, next to `dist/`). */
export function examplesFolder(): string {
  return fileURLToPath(new URL("../../examples/", import.meta.url));
}

/** Simple `.gitignore` patterns: exact names and `*` globs, matched against a file's name. */
function ignoreMatcher(dir: string): (name: string) => boolean {
  const file = join(dir, ".gitignore");
  if (!existsSync(file)) return () => false;
  const patterns = readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.trim().replace(/^\/|\/$/g, ""))
    .filter((l) => l !== "" && !l.startsWith("#") && !l.startsWith("!") && !l.includes("/"))
    .map(
      (p) =>
        new RegExp(
          `^${p
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        ),
    );
  return (name) => patterns.some((re) => re.test(name));
}

/** Copies the sources of `from` into `to` (see the file comment); returns the files copied, relative to `to`. */
export function copyTemplate(from: string, to: string): string[] {
  const ignored = ignoreMatcher(from);
  const folders: string[] = [];
  const files: string[] = [];
  const plan = (src: string, rel: string) => {
    for (const name of readdirSync(src).sort()) {
      if (name === "node_modules" || ignored(name)) continue;
      const st = lstatSync(join(src, name));
      const r = rel ? `${rel}/${name}` : name;
      if (st.isDirectory()) {
        folders.push(r);
        plan(join(src, name), r);
      } else if (st.isFile()) files.push(r);
    }
  };
  plan(from, "");
  for (const r of folders) {
    if (lstatSync(join(to, r), { throwIfNoEntry: false })?.isSymbolicLink()) {
      throw new UsageError(
        `'${r}' in the project folder is a symbolic link; tsden init writes only into folders of its own: remove the link or choose another folder`,
        "init",
      );
    }
  }
  mkdirSync(to, { recursive: true });
  for (const r of folders) mkdirSync(join(to, r), { recursive: true });
  for (const r of files) {
    // a temporary file renamed over the name replaces a link there, never writes its target
    const target = join(to, r);
    const temp = `${target}.tsden-init-${process.pid}`;
    try {
      copyFileSync(join(from, r), temp);
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  }
  return files;
}
