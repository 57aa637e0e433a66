/**
 * Enable Den + hostname for all hosts.
 *
 * There are two ways to run VMs:
 *
 * - An OS configuration's microVM runner as a package.
 *   Den example: ./runnable-example.ts (by ./microvm-runners.ts)
 *   `tsden run runnable-microvm`
 *
 * - MicroVM guests as part of a host.
 *   Den example: ./guests-example.ts (by ./microvm-integration.ts)
 *   `tsden build osConfigurations.server`
 */
import { defineModule, osClassModule } from "tsden";

export default defineModule(({ den }) => ({
  // the `os` class: networking, boot, fileSystems, ... (NixOS names)
  imports: [osClassModule],

  // automatically set hostname on all hosts.
  den: { ctx: { host: { includes: [den.provides.hostname] } } },
}));
