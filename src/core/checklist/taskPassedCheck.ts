// `task-passed`: a verification task (tests, lint, …) last ended successfully, and none of the files its result
// depends on changed since. Only a run can prove "the tests pass"; the results come from the verification tasks
// through TaskResultSource, so where no tasks run (the CLI) the check is unknown and says so.
import type { CheckContext, CheckOutcome } from './checkContext';
import { failed, filesOf, passed, stale, unknown } from './checkContext';
import { defaultTaskDependencyFiles } from '../runbook/checkSchema';
import type { TaskPassedCheck } from '../runbook/checkSchema';

export function evaluateTaskPassed(check: TaskPassedCheck, context: CheckContext): CheckOutcome {
  if (context.taskResults === undefined) {
    return unknown(`only a run of the "${check.task}" verification task can prove this, and task results are available only in VS Code (Refactor Runbook: Run Verification)`);
  }
  const result = context.taskResults.latestResult(check.task);
  const name = result?.label ?? `"${check.task}"`;
  if (result === undefined) return unknown(`the ${name} verification task has not run in this workspace yet; run it to verify this item`);
  const when = new Date(result.finishedAt).toISOString();
  if (result.outcome === 'cancelled') return failed(`the ${name} task was stopped before it finished (${when}), so it proves nothing; run it again`);
  if (result.outcome === 'failed') return failed(`the ${name} task failed${result.exitCode === undefined ? '' : ` with exit code ${result.exitCode}`} (${when}); see its terminal and the Problems view`);
  const patterns = check.files ?? defaultTaskDependencyFiles;
  const changed = filesOf(context, patterns).find((file) => (context.workspace.modifiedTime(file) ?? 0) > result.finishedAt);
  if (changed !== undefined) return stale(`${changed} changed after the ${name} task passed (${when}); run it again`, { path: changed, line: 1 });
  return passed(`the ${name} task passed (${when}) and nothing it depends on changed since`);
}
