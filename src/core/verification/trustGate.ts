// Verification runs the workspace's own code (its tests, the linters' plugins and configuration, an interpreter the
// workspace may point at), so in an untrusted workspace (Restricted Mode) nothing runs. The gate only decides and
// explains; the editor asks VS Code for the trust state and shows the message.

export type TrustDecision = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

export const manageTrustCommand = 'workbench.trust.manage';

export function verificationTrustDecision(isTrusted: boolean): TrustDecision {
  if (isTrusted) return { allowed: true };
  return {
    allowed: false,
    message:
      'Refactor Runbook runs no verification in an untrusted workspace (Restricted Mode): the checks execute code from this ' +
      'workspace (its tests, its linter and type-checker configuration, and possibly an interpreter it points to). If you trust ' +
      'the folder\'s authors, trust it with "Workspaces: Manage Workspace Trust" and run the verification again.',
  };
}
