/**
 * The stable codes of module system errors. Tools and tests match on these; the
 * wording of messages may improve, the codes do not change.
 */
export const errorCodes = [
  "UNKNOWN_OPTION",
  "TYPE_MISMATCH",
  "CONFLICT",
  "NOT_UNIQUE",
  "NO_VALUE",
  "READ_ONLY",
  "DECLARATION_CONFLICT",
  "INFINITE_RECURSION",
  "INVALID_MODULE",
  "CLASS_MISMATCH",
  "ASSERTION_FAILED",
  "REMOVED_OPTION",
  "CONFIG_DURING_COLLECTION",
  "INVALID_ARGUMENT",
  "THROWN_VALUE",
  "STACK_OVERFLOW",
  "WARNING",
] as const;

/** One of {@link errorCodes}. */
export type ErrorCode = (typeof errorCodes)[number];
