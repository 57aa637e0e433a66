/**
 * The modules a declared guest's `config` is evaluated with: tsden's OS modules and
 * microvm's guest module. (The host module built with them, `microvmHostModule`, is
 * assembled in the host layer, which adds the activation program to the host output.)
 */
import { osModules } from "../os/index.js";
import { microvmGuestModule } from "./guest-module.js";

/** The modules a VM's `config` is evaluated with. */
export const guestModules = (): readonly unknown[] => [...osModules, microvmGuestModule];
