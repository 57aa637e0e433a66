/**
 * Schema extensions + context pipelines: the host schema's `microvm.guests` and
 * `microvm.sharedStore`, and the two-stage pipeline host -> microvm-host ->
 * microvm-guest that forwards each guest into its host's `microvm.vms.<name>`.
 * tsden ships it; read it in tsden's src/microvm/den.ts, or copy it here to adapt it.
 */
export { microvmIntegration as default } from "tsden";
