/**
 * Reading the value of a property from its syntax without running it: the wrappers
 * (`mkForce(x)`, `mkIf(c, x)`, ...) are looked through, a literal (numbers, strings,
 * booleans, null, lists and objects of them) is read, and a list's elements are
 * located. Anything else is unknown.
 */
import type * as TS from "typescript";
import { typescript, type SourceExpression } from "./syntax.js";

/** Wrappers whose last argument is the value. */
const wrappers = new Set([
  "mkIf",
  "mkOverride",
  "mkForce",
  "mkDefault",
  "mkOptionDefault",
  "mkVMOverride",
  "mkImageMediaOverride",
  "mkOrder",
  "mkBefore",
  "mkAfter",
]);

/** Names whose call declares an option. */
const declarers = new Set(["mkOption", "mkEnableOption", "mkPackageOption"]);

/** The name a call is made by: `f(...)` and `lib.f(...)` both give `f`. */
function calleeName(ts: typeof TS, node: TS.Expression): string | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** Drops type assertions (`as T`, `satisfies T`, `x!`) and parentheses. */
function trim(ts: typeof TS, node: TS.Expression): TS.Expression {
  let n = node;
  while (
    ts.isParenthesizedExpression(n) ||
    ts.isAsExpression(n) ||
    ts.isSatisfiesExpression(n) ||
    ts.isNonNullExpression(n) ||
    ts.isTypeAssertionExpression(n)
  )
    n = n.expression;
  return n;
}

/** The value inside property wrappers: `mkForce(mkIf(c, [1]))` gives `[1]`. */
export function unwrap(value: SourceExpression): TS.Expression {
  const ts = typescript();
  let n = trim(ts, value.node);
  for (;;) {
    const name = calleeName(ts, n);
    if (name === undefined || !wrappers.has(name)) return n;
    const args = (n as TS.CallExpression).arguments;
    if (args.length === 0) return n;
    n = trim(ts, args[args.length - 1]!);
  }
}

/** Whether the value declares an option (`mkOption({...})`). */
export function isDeclaration(value: SourceExpression | undefined): boolean {
  if (!value) return false;
  const ts = typescript();
  const name = calleeName(ts, trim(ts, value.node));
  return name !== undefined && declarers.has(name);
}

/** Where each element of a list literal starts, and whether it is a spread (`...xs`). */
export function listElements(value: SourceExpression | undefined): { line: number; spread: boolean }[] | undefined {
  if (!value) return undefined;
  const ts = typescript();
  const n = unwrap(value);
  if (!ts.isArrayLiteralExpression(n)) return undefined;
  return n.elements
    .filter((e) => !ts.isOmittedExpression(e))
    .map((e) => ({ line: value.lineOf(e), spread: ts.isSpreadElement(e) }));
}

const notLiteral = Symbol("not a literal");

/** The literal value of the expression, or `{ ok: false }` when it is not a literal. */
export function literalValue(value: SourceExpression | undefined): { ok: true; value: unknown } | { ok: false } {
  if (!value) return { ok: false };
  const v = literal(typescript(), unwrap(value));
  return v === notLiteral ? { ok: false } : { ok: true, value: v };
}

function literal(ts: typeof TS, node: TS.Expression): unknown {
  const n = trim(ts, node);
  if (ts.isStringLiteralLike(n)) return n.text;
  if (ts.isNumericLiteral(n)) return Number(n.text.replace(/_/g, ""));
  if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(n.operand))
    return -Number(n.operand.text.replace(/_/g, ""));
  if (n.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (n.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (n.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isArrayLiteralExpression(n)) {
    const out: unknown[] = [];
    for (const e of n.elements) {
      const v = ts.isSpreadElement(e) || ts.isOmittedExpression(e) ? notLiteral : literal(ts, e);
      if (v === notLiteral) return notLiteral;
      out.push(v);
    }
    return out;
  }
  if (ts.isObjectLiteralExpression(n)) {
    const out: Record<string, unknown> = {};
    for (const p of n.properties) {
      if (!ts.isPropertyAssignment(p)) return notLiteral;
      const key =
        ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name) || ts.isNumericLiteral(p.name)
          ? p.name.text
          : undefined;
      const v = key === undefined ? notLiteral : literal(ts, p.initializer);
      if (v === notLiteral) return notLiteral;
      Object.defineProperty(out, key!, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return notLiteral;
}
