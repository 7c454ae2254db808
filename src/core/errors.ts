// Error helpers shared by every layer. Pure.

/** The message of an error of any kind, for the UI. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
