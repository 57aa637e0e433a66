/** Attribute-set helpers of nixpkgs lib that the module system and the layers above share. */

/**
 * `{ a: { b: value } }` for the path `["a", "b"]` (nixpkgs `setAttrByPath`). Keys are
 * data: `__proto__` becomes an own property, never a prototype.
 */
export function setAttrByPath(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((acc, k) => ({ [k]: acc }), value) as Record<string, unknown>;
}
