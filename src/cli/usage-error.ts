/** A mistake on the command line (unknown flag, missing argument): exit code 2. */
export class UsageError extends Error {
  /** The command concerned (`eval`), if any: the report points to its `--help`. */
  readonly command?: string;

  /** What to do instead ("Did you mean `eval'?"), shown before the pointer to `--help`. */
  readonly hint?: string;

  constructor(message: string, command?: string, hint?: string) {
    super(message);
    this.name = "UsageError";
    this.command = command;
    if (hint !== undefined) this.hint = hint;
  }
}
