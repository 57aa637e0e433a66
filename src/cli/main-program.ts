/** The main program of a built package: what `tsden run` executes. */
import { access, constants, readdir } from "node:fs/promises";
import { join } from "node:path";

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/**
 * `bin/microvm-run` (a microVM runner), else `bin/<name>`, else the only program in
 * `bin/`; throws naming what `bin/` holds.
 */
export async function mainProgram(out: string, name: string): Promise<string> {
  for (const candidate of ["microvm-run", name]) {
    const path = join(out, "bin", candidate);
    if (await executable(path)) return path;
  }
  const programs = await readdir(join(out, "bin")).catch(() => [] as string[]);
  if (programs.length === 1) return join(out, "bin", programs[0]!);
  throw new Error(
    programs.length === 0
      ? `${out} has no bin/ folder: the package has no program to run`
      : `${out}/bin holds ${programs.join(", ")}; none is bin/microvm-run or bin/${name}`,
  );
}
