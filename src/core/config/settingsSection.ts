/** The prefix of every VS Code setting of the extension (`refactorRunbook.enable`, …). Kept free of imports. */
export const settingsSection = 'refactorRunbook';
