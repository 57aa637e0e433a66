/**
 * For each host, exposes its microVM declaredRunner (if it has one) as a package
 * output of this project: `packages.<system>.<name>`, what `tsden run <name>` runs.
 * Feel free to remove or adapt.
 */
import { defineModule, lazy } from "tsden";

/** The value at `path` under `set`, or `fallback` (Nix's lib.attrByPath). */
const attrByPath = (path: readonly string[], fallback: unknown, set: unknown): any =>
  path.reduce<any>((v, k) => (v !== null && typeof v === "object" && k in v ? v[k] : fallback), set);

export default defineModule(({ den, config }) => {
  const microvmRunners = () =>
    Object.values(den.hosts)
      .flatMap((hosts) => Object.values(hosts))
      .map((host) => {
        const osConf = attrByPath(host.intoAttr, null, config.flake);
        const vmRunner = osConf?.config?.microvm?.declaredRunner ?? null;
        return vmRunner !== null ? { [host.system]: { [host.name]: vmRunner } } : {};
      });

  return {
    flake: {
      // merge the per-host sets (read when the packages are)
      packages: lazy(() => {
        const packages: Record<string, Record<string, unknown>> = {};
        for (const set of microvmRunners()) {
          for (const [system, byName] of Object.entries(set)) Object.assign((packages[system] ??= {}), byName);
        }
        return packages;
      }),
    },
  };
});
