/**
 * A small XML well-formedness check for tests (no parser dependency): one root
 * element, tags balanced and properly nested, attributes quoted and not repeated,
 * entities known, no stray `<` or `&` in text.
 */

/** The problems found in `text` (empty when it is well-formed). */
export function checkWellFormedXml(text: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, "");
  const textOk = (t: string, at: number) => {
    if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(t)) problems.push(`bad character data near ${at}`);
  };
  while (i < body.length) {
    const lt = body.indexOf("<", i);
    if (lt < 0) {
      textOk(body.slice(i), i);
      break;
    }
    textOk(body.slice(i, lt), i);
    if (stack.length === 0 && body.slice(i, lt).trim() !== "") problems.push(`text outside the root near ${i}`);
    const gt = body.indexOf(">", lt);
    if (gt < 0) {
      problems.push(`unclosed tag at ${lt}`);
      break;
    }
    const tag = body.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith("!--")) continue;
    if (tag.startsWith("/")) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? "nothing"}>`);
      continue;
    }
    const self = tag.endsWith("/");
    const m = /^([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*="[^"<]*")*)\s*\/?$/.exec(tag);
    if (!m) {
      problems.push(`malformed tag <${tag.slice(0, 40)}>`);
      continue;
    }
    const names = [...m[2]!.matchAll(/([A-Za-z_][\w:.-]*)=/g)].map((a) => a[1]!);
    if (new Set(names).size !== names.length) problems.push(`repeated attribute in <${m[1]}>`);
    for (const a of m[2]!.matchAll(/="([^"]*)"/g)) textOk(a[1]!, lt);
    if (stack.length === 0) roots++;
    if (!self) stack.push(m[1]!);
  }
  if (stack.length > 0) problems.push(`unclosed elements: ${stack.join(" > ")}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
