/** Declarations made alike for a list of names, typed by those names (so `ConfigOf` sees each). */

/**
 * `{ [name]: make(name) }` for every name.
 *
 * @example optionsByName(["bash", "zsh"], (shell) => ({ enable: mkEnableOption(shell) }))
 */
export function optionsByName<const K extends string, D>(names: readonly K[], make: (name: K) => D): Record<K, D> {
  return Object.fromEntries(names.map((name) => [name, make(name)])) as Record<K, D>;
}
