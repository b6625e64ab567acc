import { filterExternalOutput, type ExternalOutputSource } from 'azure-pipelines-task-lib/externaloutput';
import * as tl from 'azure-pipelines-task-lib/task';

/**
 * The task's log. The agent runs any `##vso[` found in a stdout line, so text that comes from scanned files
 * (file names, values in messages) or from Azure DevOps goes through task-lib's external-output filter,
 * which writes `##_vso[` instead. Warnings are counted: the agent keeps only the first 10 of a task.
 */
export class TaskLog {
  warnings = 0;

  /** Text written by the task itself (no content from files or servers). */
  info(text: string): void {
    console.log(text);
  }

  /** Text that carries content from scanned files (`repository`) or Azure DevOps (`remote`). */
  external(text: string, source: ExternalOutputSource = 'repository'): void {
    tl.writeExternalOutput(text.endsWith('\n') ? text : `${text}\n`, { source });
  }

  /** A warning issue whose text may carry such content. */
  warning(text: string, source: ExternalOutputSource = 'repository'): void {
    tl.warningExternalOutput(text, { source });
    this.warnings++;
  }
}

/** The text with every logging-command marker neutralised, for messages and properties of logging commands. */
export function neutralise(text: string): string {
  return filterExternalOutput(text, { source: 'repository' }).toString('utf8');
}
