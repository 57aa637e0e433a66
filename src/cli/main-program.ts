/** The main program of a built package: what `tsden run` executes. */
import { access, constants, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Where a package's programs may be: its own `bin/`, and the folders a Debian package
 * installs commands into (a Debian closure is laid out as a root: `usr/bin`,
 * `usr/games`, ...).
 */
const PROGRAM_FOLDERS = ["bin", "usr/bin", "usr/games", "sbin", "usr/sbin"] as const;

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/**
 * `bin/microvm-run` (a microVM runner), else the program `<name>` in one of
 * {@link PROGRAM_FOLDERS} (in that order), else the only program in `bin/`; throws
 * naming what `bin/` holds.
 */
export async function mainProgram(out: string, name: string): Promise<string> {
  const candidates = [join("bin", "microvm-run"), ...PROGRAM_FOLDERS.map((dir) => join(dir, name))];
  for (const candidate of candidates) {
    const path = join(out, candidate);
    if (await executable(path)) return path;
  }
  const programs = (await readdir(join(out, "bin")).catch(() => [] as string[])).sort();
  if (programs.length === 1) return join(out, "bin", programs[0]!);
  throw new Error(
    programs.length === 0
      ? `${out} has no bin/ folder and no ${name} in ${PROGRAM_FOLDERS.slice(1).join(", ")}: the package has no program to run`
      : `${out}/bin holds ${programs.join(", ")}; none is bin/microvm-run or bin/${name}, and ${PROGRAM_FOLDERS.slice(1).join(", ")} hold no ${name}`,
  );
}
