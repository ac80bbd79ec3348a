import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { JetStreamClient } from 'nats';
import type { LayoutSpec } from '../../codecs/fixed-width/layout.js';
import { SETUP_LEASE_MS, type ClusterNames } from './cluster-names.js';

/**
 * What a worker needs to liquidate an attempt's batches, as the coordinator loaded it: the
 * referential snapshot (in the object store, by the digest of its bytes), every profile's layout
 * (includes merged) and the arithmetic audit flag. Workers read nothing from the coordinator's
 * disk, so they may run on any machine.
 */
export interface ClusterRunSetup {
  snapshotSha256: string;
  layouts: Record<string, LayoutSpec>;
  auditArithmetic: boolean;
}

const snapshotObjectName = (sha256: string): string => `sha256-${sha256}`;

/**
 * The snapshot's bytes for the object store: held by the caller, or read when needed (the
 * coordinator's lease renewal, which sends them again only if the object has gone).
 */
export type SnapshotSource = Uint8Array | (() => Uint8Array);

/** Sends the snapshot (once per digest) and the attempt's setup; again to renew the lease (no snapshot sent twice). */
export async function publishRunSetup(js: JetStreamClient, names: ClusterNames, attempt: string, setup: ClusterRunSetup, snapshot: SnapshotSource): Promise<void> {
  const store = await js.views.os(names.snapshotBucket);
  const name = snapshotObjectName(setup.snapshotSha256);
  // A deleted object still has an info, marked deleted (a purge of the bucket, an operator's delete).
  const held = await store.info(name);
  if (held === null || held.deleted) await store.putBlob({ name }, typeof snapshot === 'function' ? snapshot() : snapshot);
  const kv = await js.views.kv(names.setupBucket, { ttl: SETUP_LEASE_MS });
  await kv.put(attempt, JSON.stringify(setup));
}

/**
 * The snapshot file read again, as long as it still has the digest the attempt's setup names: a
 * file replaced since the run loaded it must not reach the workers under the old digest.
 */
export function snapshotFileWithDigest(path: string, sha256: string): () => Uint8Array {
  return () => {
    const bytes = readFileSync(path);
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== sha256) throw new Error(`cluster: ${path} has changed since the run loaded it (digest ${digest}, loaded as ${sha256})`);
    return bytes;
  };
}

/** Removes the attempt's setup once its run is done (the snapshot stays, for the next night's runs). */
export async function withdrawRunSetup(js: JetStreamClient, names: ClusterNames, attempt: string): Promise<void> {
  const kv = await js.views.kv(names.setupBucket, { ttl: SETUP_LEASE_MS });
  await kv.purge(attempt);
}

/** The attempt's setup, or undefined when no coordinator runs it any more (its batches are dropped). */
export async function readRunSetup(js: JetStreamClient, names: ClusterNames, attempt: string): Promise<ClusterRunSetup | undefined> {
  const kv = await js.views.kv(names.setupBucket, { ttl: SETUP_LEASE_MS });
  const entry = await kv.get(attempt);
  if (entry === null || entry.operation !== 'PUT') return undefined;
  return JSON.parse(new TextDecoder().decode(entry.value)) as ClusterRunSetup;
}

/** The snapshot's bytes, checked against the digest the setup names. */
export async function readSnapshot(js: JetStreamClient, names: ClusterNames, sha256: string): Promise<Uint8Array> {
  const store = await js.views.os(names.snapshotBucket);
  const bytes = await store.getBlob(snapshotObjectName(sha256));
  if (bytes === null) throw new Error(`cluster: snapshot ${sha256} is not in ${names.snapshotBucket}`);
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== sha256) throw new Error(`cluster: snapshot ${sha256} arrived with digest ${digest}`);
  return bytes;
}
