// Module resolution hook: any import of the project's src/index (.js or .ts) gets the stub.
const stub = new URL("./oracle-stub.mjs", import.meta.url).href;
export async function resolve(specifier, context, next) {
  if (/(^|\/)src\/index(\.js|\.ts)?$/.test(specifier)) return { url: stub, shortCircuit: true };
  return next(specifier, context);
}
