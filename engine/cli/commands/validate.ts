import { DEFAULT_CALENDAR_KIND } from '../../calendar/banking-calendar.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { profileFilesOf, UsageError } from '../run-options.js';
import { layoutsWith } from '../validate/input-file-check.js';
import { checkInbox } from '../validate/inbox-check.js';
import { validateFile } from '../validate/validate-file.js';
import { fileReportJson, fileReportText, inboxProblemCount, inboxReportJson, inboxReportText } from '../validate/validation-report.js';

export interface ValidateCommandOptions {
  inbox?: string;
  json: boolean;
  followSymlinks: boolean;
  /** `name=path.json`: the operator's layouts, as `run --profile` takes them. */
  profile?: string[];
}

/**
 * `tpliq validate FILE` or `tpliq validate --inbox DIR`: exit 0 when valid (clean), 5 with the
 * problems listed, 2 for a path that cannot be read. Nothing is written, paid or recorded.
 */
export async function validateCommand(file: string | undefined, options: ValidateCommandOptions): Promise<ExitCode> {
  if ((file === undefined) === (options.inbox === undefined)) {
    throw new UsageError('give either a FILE or --inbox DIR', 'TPLIQ_USAGE_VALIDATE_TARGET');
  }
  // The layouts the night's run will read with: a file valid only under the operator's layout is valid.
  const layouts = layoutsWith(profileFilesOf(options.profile));
  if (options.inbox !== undefined) {
    const check = await checkInbox(options.inbox, { followSymlinks: options.followSymlinks, calendar: DEFAULT_CALENDAR_KIND, layouts });
    process.stdout.write((options.json ? inboxReportJson(options.inbox, check) : inboxReportText(options.inbox, check)) + '\n');
    return inboxProblemCount(check) === 0 ? EXIT.OK : EXIT.INVALID_FILE;
  }
  const validation = await validateFile(file!, layouts);
  process.stdout.write((options.json ? fileReportJson(validation) : fileReportText(validation)) + '\n');
  return validation.errors.length === 0 ? EXIT.OK : EXIT.INVALID_FILE;
}
