/**
 * An inbox entry the run could not take as an input file, as data: a stable code an operator can
 * grep for, the entry's name (relative to the inbox, escaped if not UTF-8) and why. A rejected
 * entry is not received: it is not recorded in the ledger, so the same file delivered again,
 * repaired, is taken by a later run. One entry costs one entry, never the night.
 */
export type InboxRejectionCode =
  /** The name is not valid UTF-8: it cannot be written in any output, so the file is not taken. */
  | 'TPLIQ_INBOX_NAME_ENCODING'
  /** A *.b2, *.dre or paper/*.csv that is a folder, FIFO, socket or device (directly or through a followed link). */
  | 'TPLIQ_INBOX_NOT_A_FILE'
  /** `paper` exists and is not a folder. */
  | 'TPLIQ_INBOX_PAPER_NOT_A_FOLDER'
  /** A symbolic link, refused: links are followed only with --follow-symlinks, and then only to regular files. */
  | 'TPLIQ_INBOX_SYMLINK'
  /** A followed symbolic link that leads nowhere: its target is missing, or the links loop. */
  | 'TPLIQ_INBOX_SYMLINK_BROKEN'
  /** Listed, then gone (or no longer at that path) when examined or read. */
  | 'TPLIQ_INBOX_VANISHED'
  /** Present but could not be examined or read (permissions, I/O error…): the system's error code is in the message. */
  | 'TPLIQ_INBOX_UNREADABLE'
  /** Its receipt instant (the file's mtime, no usable manifest entry) is outside what the banking calendar handles. */
  | 'TPLIQ_INBOX_RECEIPT_OUT_OF_RANGE';

export interface InboxRejection {
  code: InboxRejectionCode;
  /** Path relative to the inbox, '/'-separated; invalid UTF-8 bytes shown as \xNN. */
  name: string;
  message: string;
}

export function inboxRejection(code: InboxRejectionCode, name: string, message: string): InboxRejection {
  return { code, name, message };
}

/** A file found not to be a regular file once opened (it changed since it was listed). */
export class NotARegularFile extends Error {
  constructor(readonly kind: string) {
    super(`not a regular file (${kind})`);
    this.name = 'NotARegularFile';
  }
}

/** The system error code of a failed file system call (ENOENT, EACCES…), or undefined for anything else. */
export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/**
 * The rejection for a failed attempt to open or read an entry, or undefined when the failure is
 * not about the entry (a bug, which must still stop the run). `followSymlinks` says how ELOOP
 * reads: without it, the entry was opened with O_NOFOLLOW and is a link; with it, the links loop.
 */
export function rejectionOfReadError(error: unknown, name: string, followSymlinks: boolean): InboxRejection | undefined {
  if (error instanceof NotARegularFile) return inboxRejection('TPLIQ_INBOX_NOT_A_FILE', name, `${error.message}; only regular files are read`);
  const errno = errnoOf(error);
  switch (errno) {
    case undefined:
      return undefined;
    case 'ENOENT':
    case 'ENOTDIR':
      return inboxRejection('TPLIQ_INBOX_VANISHED', name, `listed, but no longer there (${errno})`);
    case 'EISDIR':
      return inboxRejection('TPLIQ_INBOX_NOT_A_FILE', name, 'a folder when read; only regular files are read');
    case 'ELOOP':
      return followSymlinks
        ? inboxRejection('TPLIQ_INBOX_SYMLINK_BROKEN', name, 'symbolic links loop (ELOOP)')
        : inboxRejection('TPLIQ_INBOX_SYMLINK', name, 'a symbolic link when read; links are followed only with --follow-symlinks');
    default:
      return inboxRejection('TPLIQ_INBOX_UNREADABLE', name, `cannot be read (${errno})`);
  }
}
