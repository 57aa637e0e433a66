/** A helper, not a module: files and folders starting with `_` are not loaded as modules. */
export const ssh = 22;
export const web = [80, 443];
