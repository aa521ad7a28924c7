// A string that must match a pattern, with one message for both places that check it: zod's error in the product's
// own diagnostics, and `patternErrorMessage` in the generated JSON Schema, which VS Code's JSON editor shows instead
// of its generic "String does not match the pattern of …".
import { z } from 'zod';

export function patternedString(pattern: RegExp, message: string): z.ZodString {
  return z.string().regex(pattern, message).meta({ patternErrorMessage: message });
}
