/**
 * `microvmHostModule`: the host module with tsden's guest module set (`osModules` and
 * `microvmGuestModule`); see `host-module.ts` for its options and laziness.
 */
import { osModules } from "../os/index.js";
import { makeMicrovmHostModule } from "./host-module.js";
import { microvmGuestModule } from "./options.js";

/** The modules a VM's `config` is evaluated with. */
export const guestModules = (): readonly unknown[] => [...osModules, microvmGuestModule];

/**
 * The host module (class `os`): `microvm.vms.<name>`, `microvm.host.*`,
 * `microvm.stateDir`, `microvm.autostart`, `system.build.microvmHost`.
 *
 * @example
 * evalModules({ modules: [...osModules, microvmHostModule,
 *   { microvm: { vms: { web: { config: { microvm: { mem: 256 } } } } } }] })
 */
export const microvmHostModule = makeMicrovmHostModule(guestModules);
