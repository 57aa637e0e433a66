/**
 * The project templates of `tsden init`: the bundled examples, and the copy that makes
 * a new project of one. A copy leaves out symbolic links (`result` links into the
 * store), `node_modules`, and the names the template's `.gitignore` lists (disk images,
 * sockets), so that the new folder holds sources only.
 */
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

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
    next: ["tsden eval osConfigurations.server.config.networking.firewall.allowedTCPPorts", "tsden explain osConfigurations.server.config.networking.firewall.allowedTCPPorts"],
  },
  {
    name: "microvm",
    example: "microvm",
    summary: "a host with a guest microVM, and a runnable microVM (the seed's template)",
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
    .map((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`));
  return (name) => patterns.some((re) => re.test(name));
}

/** Copies the sources of `from` into `to` (see the file comment); returns the files copied, relative to `to`. */
export function copyTemplate(from: string, to: string): string[] {
  const ignored = ignoreMatcher(from);
  const copied: string[] = [];
  const visit = (src: string, dst: string, rel: string) => {
    mkdirSync(dst, { recursive: true });
    for (const name of readdirSync(src).sort()) {
      if (name === "node_modules" || ignored(name)) continue;
      const s = join(src, name);
      const st = lstatSync(s);
      const r = rel ? `${rel}/${name}` : name;
      if (st.isDirectory()) visit(s, join(dst, name), r);
      else if (st.isFile()) {
        copyFileSync(s, join(dst, name));
        copied.push(r);
      }
    }
  };
  visit(from, to, "");
  return copied;
}
