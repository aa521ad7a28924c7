// The task definition users write in tasks.json ({"type": "refactor-runbook", "task": "tests"}) and its JSON schema,
// which package.json contributes as `taskDefinitions` (a unit test keeps the two equal). A definition is checked
// here once, with messages that name the wrong property and the values that are allowed.
import type { VerificationRequest } from './verificationPlanner';
import type { VerificationTaskId } from './verificationTaskCatalogue';
import { isVerificationTaskId, verificationTaskIds, verificationTasks, verificationTaskType } from './verificationTaskCatalogue';

export interface VerificationTaskDefinition {
  readonly type: typeof verificationTaskType;
  readonly task: VerificationTaskId;
  readonly files?: readonly string[];
  readonly testId?: string;
}

export type DefinitionReading = { readonly request: VerificationRequest } | { readonly problem: string };

export function readTaskDefinition(definition: Readonly<Record<string, unknown>>): DefinitionReading {
  const task = definition.task;
  if (!isVerificationTaskId(task)) {
    return { problem: `a "${verificationTaskType}" task has "task": ${JSON.stringify(task)}; use one of ${verificationTaskIds.map((id) => `"${id}"`).join(', ')}` };
  }
  const files = definition.files;
  if (files !== undefined && !(Array.isArray(files) && files.every((file) => typeof file === 'string'))) {
    return { problem: `the "${task}" task's "files" is ${JSON.stringify(files)}; it must be a list of files or globs, e.g. ["src/**/*.py"]` };
  }
  if (files !== undefined && task !== 'syntax-check') return { problem: `"files" applies only to "syntax-check", not to "${task}"; remove it` };
  const testId = definition.testId;
  if (testId !== undefined && typeof testId !== 'string') return { problem: `the "${task}" task's "testId" is ${JSON.stringify(testId)}; it must be a pytest node id string` };
  if (task === 'focused-test' && testId === undefined) return { problem: '"focused-test" needs a "testId", e.g. "tests/test_config.py::test_canonical_dir"' };
  if (testId !== undefined && task !== 'focused-test') return { problem: `"testId" applies only to "focused-test", not to "${task}"; remove it` };
  return { request: { taskId: task, ...(files === undefined ? {} : { files }), ...(testId === undefined ? {} : { testId }) } };
}

/** The definition for a request, as the provider hands it out (and resolveTask hands back unchanged). */
export function definitionFor(request: VerificationRequest): VerificationTaskDefinition {
  return {
    type: verificationTaskType,
    task: request.taskId,
    ...(request.files === undefined ? {} : { files: request.files }),
    ...(request.testId === undefined ? {} : { testId: request.testId }),
  };
}

/** `contributes.taskDefinitions` for package.json. */
export function taskDefinitionContributions(): unknown[] {
  return [
    {
      type: verificationTaskType,
      required: ['task'],
      when: 'processExecutionSupported',
      properties: {
        task: {
          type: 'string',
          enum: [...verificationTaskIds],
          enumDescriptions: verificationTaskIds.map((id) => verificationTasks[id].description),
          description: "Which of the runbook's local verification commands to run.",
        },
        files: {
          type: 'array',
          items: { type: 'string' },
          description: 'syntax-check only: files or globs, relative to the workspace folder, to compile instead of refactorRunbook.syntaxCheckFiles. Globs are expanded by the extension, in a stable order.',
        },
        testId: {
          type: 'string',
          description: 'focused-test only: the pytest node id to run, e.g. tests/test_config.py::test_canonical_dir. It is passed to pytest as one argument and never through a shell.',
        },
      },
    },
  ];
}
