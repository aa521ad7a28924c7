/** The committed project file at the repository root. Kept free of imports so the editor can use it at activation. */
export const projectFileName = 'refactor-runbook.json';
