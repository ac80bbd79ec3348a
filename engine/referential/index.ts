/**
 * The rights referential: operator CSV → checked, canonical tables → content-hashed protobuf
 * snapshot → read-only ReferentialView for the workers. Columns: docs/referential.md.
 */
export { importReferential, REFERENTIAL_FILES, DEFAULT_ACT_DOMAINS_NAME, type ReferentialImport } from './import-referential.js';
export { compileReferential, encodeSnapshot, writeSnapshot, type CompiledReferential } from './compile-snapshot.js';
export { loadSnapshot, readSnapshotFile, snapshotHeader, type LoadOptions } from './load-snapshot.js';
export { SnapshotView, type ReferentialCounts } from './snapshot-view.js';
export { snapshotIdOf } from './snapshot-id.js';
export { ReferentialImportError, ReferentialSnapshotError, type SnapshotErrorCode } from './referential-errors.js';
export { formatReferentialIssue, type ReferentialIssue, type ReferentialIssueCode } from '../../codecs/csv/referential-issue.js';
