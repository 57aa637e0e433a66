/** Aspects, context pipelines, schema, forwards and batteries (re-exports only). */
export { denModule, type Den } from "./den-module.js";
export { denLibModule } from "./den-lib-module.js";
export { namespace, lookup, type DenfulSource } from "./namespace.js";
export {
  aspect,
  aspectType,
  isAspect,
  mergeAspect,
  toAspect,
  ASPECT,
  type Aspect,
  type AspectDef,
  type Ctx,
  type IntoFn,
} from "./aspect.js";
export {
  take,
  parametric,
  perHost,
  perUser,
  perHome,
  canTake,
  applyAspect,
  applyFn,
  isTake,
  isBound,
  type Take,
  type Bound,
  type Matcher,
  type Mode,
} from "./parametric.js";
export { functionArgs, type FnArgs } from "./fn-args.js";
export { resolve, type Adapter } from "./resolve.js";
export {
  excludeAspect,
  substituteAspect,
  oneOfAspects,
  collectPaths,
  trace,
  aspectPath,
  filterAspect,
  type TraceNode,
} from "./adapters.js";
export { includeIf, type IncludeIf, type IncludeIfQuery } from "./include-if.js";
export { constraints, type Constraint, type ConstraintScope } from "./constraints.js";
export { pipeline, runPipeline, type PipelineItem, type PipelineResult } from "./pipeline.js";
export { forward, type ForwardSpec } from "./forward.js";
export {
  hasAspect,
  reaches,
  entityHasAspect,
  hasAspectIn,
  collectPathSet,
  mkEntityHasAspect,
  type HasAspect,
} from "./has-aspect.js";
export {
  batteries,
  hostname,
  defineUser,
  primaryUser,
  userShell,
  unfree,
  ttyAutologin,
  insecure,
  importTree,
  mutualProvider,
  hostAspects,
} from "./batteries/index.js";
export { systemView } from "./batteries/per-system.js";
export { systemOutputs, defaultSystems } from "./flake-stages.js";
export type { Host, User, Home, Instantiate } from "./entities.js";
export {
  isHostEntity,
  tracePipeline,
  type PipelineTrace,
  type TraceForward,
  type TraceProvider,
  type TraceStage,
} from "./pipeline-trace.js";
export { aspectFiles, denOrigins, pipelineStages, type DenOrigin } from "./provenance.js";
