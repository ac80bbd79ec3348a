import { createHash } from 'node:crypto';

/**
 * The snapshot id: lowercase hex SHA-256 of the encoded referential (the file's `body`). Rows are
 * in canonical order, so the id names the content: same rights, same id.
 */
export const snapshotIdOf = (body: Uint8Array): string => createHash('sha256').update(body).digest('hex');
