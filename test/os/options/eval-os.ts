/** Test helper: evaluates `osModules` with the given modules. */
import { evalModules } from "../../../src/modules/index.js";
import { osModules, type OsConfig } from "../../../src/os/index.js";

export function evalOs(...modules: unknown[]): OsConfig {
  return evalModules({ modules: [...osModules, ...modules], class: "os" }).config as unknown as OsConfig;
}

/** The message of the error `f` throws (fails when it does not throw). */
export function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}
