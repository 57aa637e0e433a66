/**
 * `bin/switch-to-configuration` of a host output: the sections in order — record the
 * generation, stop the VMs no longer declared, install the units, then link, start and
 * restart the declared VMs (see `sections.ts` for how a program is assembled).
 */
import { microvmRemovedSection, microvmSection, type MicrovmActivationSpec } from "./microvm-section.js";
import { assembleActivation, generationSection, type ActivationSection } from "./sections.js";
import { unitsSection } from "./units-section.js";

/** The sections of a host's activation, in order (more can be inserted by name). */
export function hostActivationSections(spec: MicrovmActivationSpec): ActivationSection[] {
  return [generationSection, microvmRemovedSection(spec), unitsSection, microvmSection(spec)];
}

/** The text of `bin/switch-to-configuration` for a host whose VMs are `spec`. */
export function renderSwitchToConfiguration(
  spec: MicrovmActivationSpec,
  sections: readonly ActivationSection[] = hostActivationSections(spec),
): string {
  return assembleActivation(sections);
}
