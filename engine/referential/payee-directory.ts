import { decodeReferential, encodeReferential, type ReferentialMessage } from '../../codecs/proto/referential-proto.js';
import type { ReferentialView } from '../domain/referential-view.js';
import { decodeCheckedSnapshot } from './load-snapshot.js';
import { SnapshotView } from './snapshot-view.js';

/**
 * What the end of a run asks of the referential: who is paid (practitioners: name, IBAN, BIC,
 * address, e-mail) and the AMCs' names. The rights tables are the workers' business.
 */
export type PayeeDirectory = Pick<ReferentialView, 'snapshotId' | 'amc' | 'practitioner'>;

/**
 * Checks a snapshot as loadSnapshot does (hash and shape, so a broken file stops the run before
 * any worker starts) and returns its payee tables in memory of their own.
 *
 * Why a copy: the snapshot's bytes (≈ 180 MiB for 2 million beneficiaries) live in a
 * SharedArrayBuffer that every worker reads. Once the workers are gone, the returns and the
 * payment file need the practitioners and AMCs only, but any view of the shared bytes would keep
 * all of them resident to the end of the run, when the ledger thread and the per-practitioner
 * outputs are at their largest. Re-encoding the payee tables alone (protobufjs writes them into a
 * new, unshared buffer) lets the shared one be freed once the workers and the pool let go of it.
 */
export function loadPayeeDirectory(bytes: Uint8Array): PayeeDirectory {
  const { referential: full, snapshotId } = decodeCheckedSnapshot(bytes);
  // Tables left out are decoded as empty ones (decodeReferential); the AMCs then cover no row.
  const payeesOnly: Omit<ReferentialMessage, 'beneficiaries' | 'guarantees' | 'pecs' | 'equipmentLimits' | 'equipmentMaxima' | 'guaranteeLimits'> = {
    amcs: full.amcs.map((amc) => ({ ...amc, beneficiaryStart: 0, beneficiaryEnd: 0 })),
    contracts: full.contracts,
    domains: full.domains,
    practitioners: full.practitioners,
    actDomains: full.actDomains,
  };
  return new SnapshotView(decodeReferential(encodeReferential(payeesOnly as ReferentialMessage)), snapshotId);
}
