import { BYTE_MUTATORS, type ByteMutationKind } from './byte-mutators.js';
import { CSV_MUTATORS, type CsvMutationKind } from './csv-mutators.js';
import { LAYOUT_MUTATORS, type LayoutMutationKind } from './layout-mutators.js';

/**
 * Every kind of mutation the harness knows, by family. A campaign walks this list round-robin so
 * that every kind gets its share of cases whatever N is.
 */
export const INBOX_KINDS = [
  'inbox-manifest-garbage',
  'inbox-manifest-bad-entry',
  'inbox-manifest-year-9999',
  'inbox-folder-named-csv',
  'inbox-folder-named-b2',
  'inbox-paper-is-a-file',
  'inbox-symlink-outside',
  'inbox-symlink-dangling',
  'inbox-symlink-loop',
  'inbox-symlink-to-inbox-file',
  'inbox-fifo',
  'inbox-file-copied',
] as const;

export const RETURNS_KINDS = ['returns-noemie-bytes', 'returns-noemie-field', 'returns-noemie-records', 'returns-arl-bytes', 'returns-arl-field', 'returns-arl-records'] as const;

/** The harness's own check: a file moved to the end of the input, bytes unchanged, must be decided as before. */
export const CONTROL_KINDS = ['control-moved-last'] as const;

export type InboxKind = (typeof INBOX_KINDS)[number];
export type ReturnsKind = (typeof RETURNS_KINDS)[number];
export type ControlKind = (typeof CONTROL_KINDS)[number];
export type MutationKind = ControlKind | ByteMutationKind | LayoutMutationKind | CsvMutationKind | InboxKind | ReturnsKind;

export type MutationFamily = 'control' | 'byte' | 'layout' | 'csv' | 'inbox' | 'returns';

export const ALL_KINDS: readonly MutationKind[] = [
  ...CONTROL_KINDS,
  ...(Object.keys(BYTE_MUTATORS) as ByteMutationKind[]),
  ...(Object.keys(LAYOUT_MUTATORS) as LayoutMutationKind[]),
  ...(Object.keys(CSV_MUTATORS) as CsvMutationKind[]),
  ...INBOX_KINDS,
  ...RETURNS_KINDS,
];

export function familyOf(kind: MutationKind): MutationFamily {
  return kind.slice(0, kind.indexOf('-')) as MutationFamily;
}

export function isMutationKind(text: string): text is MutationKind {
  return (ALL_KINDS as readonly string[]).includes(text);
}
