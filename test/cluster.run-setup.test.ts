import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterNames, ensureClusterStreams } from '../engine/cluster/cluster-names.js';
import { publishRunSetup, readRunSetup, readSnapshot, snapshotFileWithDigest, type ClusterRunSetup } from '../engine/cluster/cluster-run-setup.js';
import { CLUSTER_TESTS_RUN, freshNamespace, testNatsUrl } from './support/nats-server.js';
import { tempDirs } from './support/temp-dirs.js';

/**
 * The coordinator sends the snapshot once per digest and keeps no copy: its lease renewals read
 * the snapshot file again only when the object has gone from the store, and refuse a file that no
 * longer has the digest the attempt's setup names.
 */
const newDir = tempDirs('tpliq-cluster-setup-');

describe.skipIf(!CLUSTER_TESTS_RUN)('the clustered run setup on JetStream', () => {
  let connection: NatsConnection;
  let dir: string;

  beforeAll(async () => {
    connection = await connect({ servers: testNatsUrl() });
    dir = newDir();
  });

  afterAll(async () => {
    await connection.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the snapshot once, reads the file again only when the object has gone, and refuses a changed file', async () => {
    const names = clusterNames(freshNamespace());
    await ensureClusterStreams(await connection.jetstreamManager(), names, 5_000);
    const js = connection.jetstream();
    const path = join(dir, 'ref.snapshot');
    const bytes = Buffer.from('a snapshot, as bytes the workers load\n'.repeat(1000));
    writeFileSync(path, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const setup: ClusterRunSetup = { snapshotSha256: sha256, layouts: {}, auditArithmetic: false };

    await publishRunSetup(js, names, 'attempt1', setup, new Uint8Array(bytes));
    expect(Buffer.from(await readSnapshot(js, names, sha256)).equals(bytes)).toBe(true);

    // A renewal while the object is there reads nothing.
    let reads = 0;
    const fromFile = snapshotFileWithDigest(path, sha256);
    const counted = (): Uint8Array => {
      reads++;
      return fromFile();
    };
    await publishRunSetup(js, names, 'attempt1', setup, counted);
    expect(reads).toBe(0);
    expect(await readRunSetup(js, names, 'attempt1')).toEqual(setup);

    // The object gone: the renewal sends the file again, and workers read the same bytes.
    const store = await js.views.os(names.snapshotBucket);
    await store.delete(`sha256-${sha256}`);
    await publishRunSetup(js, names, 'attempt1', setup, counted);
    expect(reads).toBe(1);
    expect(Buffer.from(await readSnapshot(js, names, sha256)).equals(bytes)).toBe(true);

    // A file replaced since the run loaded it is not sent under the old digest.
    writeFileSync(path, Buffer.from('another referential\n'));
    await store.delete(`sha256-${sha256}`);
    await expect(publishRunSetup(js, names, 'attempt1', setup, counted)).rejects.toThrow('has changed since the run loaded it');
    const left = await store.info(`sha256-${sha256}`);
    expect(left === null || left.deleted).toBe(true);
  });
});
