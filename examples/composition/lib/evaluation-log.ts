/**
 * A log of VM evaluations: each base module records its VM when its module function
 * runs, which happens once per `evalModules` of a base (an `extendModules` reuses the
 * collected modules and does not run it again). Tests and the benchmark read it to show
 * that a disabled VM is never evaluated; `TSDEN_TRACE_VMS=1` prints each one, the
 * composition pattern's `builtins.trace "Evaluating guivm config"`.
 */

const counts = new Map<string, number>();

/** Records that the base of `vmName` is being evaluated. */
export function recordEvaluation(vmName: string): void {
  counts.set(vmName, (counts.get(vmName) ?? 0) + 1);
  if (process.env.TSDEN_TRACE_VMS) process.stderr.write(`trace: evaluating ${vmName} base\n`);
}

/** How many times the base of `vmName` was evaluated (every VM when omitted). */
export function evaluationCount(vmName?: string): number {
  if (vmName !== undefined) return counts.get(vmName) ?? 0;
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}

/** The evaluated VMs, sorted by name. */
export function evaluatedVms(): string[] {
  return [...counts.keys()].sort();
}

/** Forgets every recorded evaluation. */
export function resetEvaluations(): void {
  counts.clear();
}
