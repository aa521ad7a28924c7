// A path as the text output prints it. Lines are read by problem matchers and people as `path:line:col: RULE message`,
// so a file name holding a line break, a control character or a `:<digit>` (which would read as a position) is
// printed as a JSON string literal ("a\nb.py"), unambiguous and copyable; every ordinary path is printed as it is.
export function textPath(path: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for.
  return /[\u0000-\u001f\u007f\u2028\u2029]|:\d|^"/.test(path) ? JSON.stringify(path) : path;
}
