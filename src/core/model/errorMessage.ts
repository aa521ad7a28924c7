/** A thrown value as one line for logs and rule-failure messages: `Name: message`, or its string form. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
