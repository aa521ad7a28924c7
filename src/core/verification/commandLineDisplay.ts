// Shows an argument array as a command line a person can read and paste into a POSIX shell. Display only: the
// processes themselves always get the array, so this quoting can never change what runs.

const plainArgument = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteForDisplay(argument: string): string {
  if (argument !== '' && plainArgument.test(argument)) return argument;
  return `'${argument.replaceAll("'", `'\\''`)}'`;
}

export function displayCommandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map(quoteForDisplay).join(' ');
}
