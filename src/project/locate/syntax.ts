/**
 * The object-literal properties of a TypeScript/JavaScript source and the chain of
 * property names enclosing each one, read with the TypeScript compiler's parser, so
 * that a definition `networking.firewall.allowedTCPPorts` can be found in a module file
 * however it is nested (`den.aspects.server.os.networking...`,
 * `config: mkIf(c, { networking: ... })`).
 *
 * A property is a `name: value` assignment, a shorthand `name`, a method `name() {}`
 * or an accessor `get name() {}` of an object literal; its chain is the names of the
 * object-literal properties around it, outermost first. Calls, arrays, functions and
 * other expressions between object literals are transparent: `mkIf(c, { a: 1 })` under
 * `config` gives the chain `config.a`. Computed names count when they are string or
 * number literals. Nothing is executed; a file that does not parse still yields what
 * the parser recovered.
 *
 * The compiler is loaded on first use only: finding lines is for errors and `explain`,
 * never on the evaluation path.
 */
import { createRequire } from "node:module";
import type * as TS from "typescript";

/** One object-literal property found in a source file. */
export interface PropertySite {
  /** Property names of the enclosing object literals, outermost first, ending with this one's. */
  readonly chain: readonly string[];
  /** The 1-based line of the property's name. */
  readonly line: number;
  /** The offset of the property's name in the source. */
  readonly offset: number;
  readonly kind: "property" | "accessor" | "method" | "shorthand";
  /** The value's expression (`property` only). */
  readonly value?: SourceExpression;
}

/** An expression of a parsed source, with the means to find the line of any of its nodes. */
export interface SourceExpression {
  readonly node: TS.Expression;
  /** The 1-based line where `node` (or one of its descendants) starts. */
  readonly lineOf: (node: TS.Node) => number;
}

let compiler: typeof TS | undefined;

/** The TypeScript compiler module, loaded once, when first needed. */
export function typescript(): typeof TS {
  compiler ??= createRequire(import.meta.url)("typescript") as typeof TS;
  return compiler;
}

function scriptKind(ts: typeof TS, fileName: string): TS.ScriptKind {
  if (/\.(m|c)?jsx?$/.test(fileName)) return fileName.endsWith("x") ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  return fileName.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

/** The name of a property as written, when it is a plain name or a literal. */
function propertyName(ts: typeof TS, name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (
    ts.isComputedPropertyName(name) &&
    (ts.isStringLiteralLike(name.expression) || ts.isNumericLiteral(name.expression))
  )
    return name.expression.text;
  return undefined;
}

/** The object-literal properties of a source, in source order. */
export function scanProperties(source: string, fileName = "module.ts"): PropertySite[] {
  const ts = typescript();
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, scriptKind(ts, fileName));
  const lineOf = (node: TS.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const sites: PropertySite[] = [];
  const visit = (node: TS.Node, chain: readonly string[]): void => {
    if (ts.isObjectLiteralExpression(node)) {
      for (const p of node.properties) {
        if (ts.isSpreadAssignment(p)) {
          visit(p.expression, chain);
          continue;
        }
        const name = p.name && propertyName(ts, p.name);
        if (name === undefined) {
          ts.forEachChild(p, (c) => visit(c, chain));
          continue;
        }
        const at = { chain: [...chain, name], line: lineOf(p.name), offset: p.name.getStart(file) };
        if (ts.isPropertyAssignment(p)) sites.push({ ...at, kind: "property", value: { node: p.initializer, lineOf } });
        else if (ts.isShorthandPropertyAssignment(p)) sites.push({ ...at, kind: "shorthand" });
        else if (ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p))
          sites.push({ ...at, kind: "accessor" });
        else sites.push({ ...at, kind: "method" });
        ts.forEachChild(p, (c) => visit(c, at.chain));
      }
      return;
    }
    ts.forEachChild(node, (c) => visit(c, chain));
  };
  visit(file, []);
  return sites.sort((a, b) => a.offset - b.offset);
}
