import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/**
 * The referential snapshot schema (referential.proto), loaded with protobufjs at run time, and
 * the TypeScript shapes of its messages. protobufjs turns snake_case field names into camelCase.
 * Encoding and decoding only: what the columns mean is engine/referential's business.
 */

export const SNAPSHOT_FORMAT = 'tpliq.referential';
/**
 * Layout version this engine writes, and the newest it reads. Version 3 carries no beneficiary
 * name (no decision reads it) and stores the beneficiaries' card, opposition and rights dates as
 * day numbers (referential.proto): an older engine would refuse its columns as corrupt, so the
 * version says it first.
 */
export const SNAPSHOT_VERSION = 3;
/**
 * The oldest layout this engine reads, so that archived snapshots still load for replay: version 1
 * (no equipment tables) and version 2 (with them) are read as written, names ignored.
 */
export const OLDEST_SNAPSHOT_VERSION = 1;

export interface SourceFileMessage {
  name: string;
  sha256: string;
  rows: number;
}

export interface SnapshotFileMessage {
  format: string;
  version: number;
  snapshotId: string;
  body: Uint8Array;
  sources: SourceFileMessage[];
}

export interface StringColumnMessage {
  utf8: Uint8Array;
  /** u32 × (count + 1). */
  offsets: Uint8Array;
}

export interface AmcMessage {
  amcNumber: string;
  name: string;
  beneficiaryStart: number;
  beneficiaryEnd: number;
}

export interface ActDomainMessage {
  actCode: string;
  domain: string;
  family: string;
  roReimbursable: boolean;
  /** Absent from snapshots compiled before the column: false. */
  needsAccordPrealable?: boolean;
}

export interface EquipmentLimitMessage {
  actCode: string;
  kind: string;
  santeClass: string;
  /** '' when the item is not a classe B lens. */
  lensGrade: string;
  priceLimitCents: number;
  validFrom: number;
  validTo: number;
}

export interface GuaranteeLimitMessage {
  contract: string;
  domain: string;
  limitId: string;
  /** 0: no amount ceiling. */
  amountCents: number;
  /** 0: no count ceiling. */
  count: number;
  period: string;
  years: number;
  validFrom: number;
  validTo: number;
}

export interface EquipmentMaximumMessage {
  limit: string;
  maximumCents: number;
  validFrom: number;
  validTo: number;
}

export interface PractitionerTableMessage {
  count: number;
  billingId: Uint8Array;
  kind: Uint8Array;
  name: StringColumnMessage;
  address: StringColumnMessage;
  iban: StringColumnMessage;
  bic: StringColumnMessage;
  email: StringColumnMessage;
  optam: Uint8Array;
  specialty: Uint8Array;
  channel: Uint8Array;
  conventionFrom: Uint8Array;
  conventionTo: Uint8Array;
}

export interface BeneficiaryTableMessage {
  count: number;
  nir: Uint8Array;
  nirKey: Uint8Array;
  birthDate: Uint8Array;
  birthRank: Uint8Array;
  memberNumber: StringColumnMessage;
  /** Versions 1–2 only; ignored (no decision reads it). */
  name?: StringColumnMessage | null;
  cardFrom: Uint8Array;
  cardTo: Uint8Array;
  contract: Uint8Array;
  c2s: Uint8Array;
  vitaleOppositionDate: Uint8Array;
  rightsStart: Uint8Array;
  rightsFrom: Uint8Array;
  rightsTo: Uint8Array;
}

export interface GuaranteeTableMessage {
  count: number;
  contract: Uint8Array;
  domain: Uint8Array;
  formula: Uint8Array;
  ratePpm: Uint8Array;
  amountCents: Uint8Array;
  pecRequired: Uint8Array;
  responsable: Uint8Array;
  validFrom: Uint8Array;
  validTo: Uint8Array;
}

export interface PecTableMessage {
  count: number;
  pecNumber: StringColumnMessage;
  amc: Uint8Array;
  nir: Uint8Array;
  practitionerId: Uint8Array;
  domain: Uint8Array;
  grantedCents: Uint8Array;
  validFrom: Uint8Array;
  validTo: Uint8Array;
}

export interface ReferentialMessage {
  amcs: AmcMessage[];
  contracts: string[];
  domains: string[];
  practitioners: PractitionerTableMessage;
  beneficiaries: BeneficiaryTableMessage;
  guarantees: GuaranteeTableMessage;
  pecs: PecTableMessage;
  actDomains: ActDomainMessage[];
  equipmentLimits: EquipmentLimitMessage[];
  equipmentMaxima: EquipmentMaximumMessage[];
  guaranteeLimits: GuaranteeLimitMessage[];
}

interface ReferentialTypes {
  snapshotFile: protobuf.Type;
  referential: protobuf.Type;
}

let loaded: ReferentialTypes | undefined;

/** Where the .proto is: beside this module in the sources, or in the sources next to dist/. */
function schemaPath(): string {
  const candidates = [
    new URL('./referential.proto', import.meta.url),
    // Compiled to dist/codecs/proto/: the schema itself ships in codecs/proto (package.json "files").
    new URL('../../../codecs/proto/referential.proto', import.meta.url),
  ];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) return path;
  }
  throw new Error(`referential.proto not found beside ${fileURLToPath(import.meta.url)} nor in the package sources`);
}

function types(): ReferentialTypes {
  if (loaded === undefined) {
    const root = protobuf.loadSync(schemaPath());
    loaded = {
      snapshotFile: root.lookupType('tpliq.referential.v1.SnapshotFile'),
      referential: root.lookupType('tpliq.referential.v1.Referential'),
    };
  }
  return loaded;
}

export const encodeSnapshotFile = (message: SnapshotFileMessage): Uint8Array => types().snapshotFile.encode(message).finish();

export const encodeReferential = (message: ReferentialMessage): Uint8Array => types().referential.encode(message).finish();

/** Throws protobufjs's error when the bytes are not a SnapshotFile. `body` is a view, not a copy. */
export function decodeSnapshotFile(bytes: Uint8Array): SnapshotFileMessage {
  return types().snapshotFile.decode(bytes) as unknown as SnapshotFileMessage;
}

const EMPTY = new Uint8Array(0);
const emptyStrings = (): StringColumnMessage => ({ utf8: EMPTY, offsets: EMPTY });

/**
 * Decodes a Referential. Every `bytes` field comes back as a view of `bytes` (protobufjs slices
 * with subarray), so decoding costs the small tables only. Absent sub-messages (protobufjs gives
 * null) become empty tables, so the shape is always complete; whether the columns agree with the
 * counts is checked by the loader.
 */
export function decodeReferential(bytes: Uint8Array): ReferentialMessage {
  const decoded = types().referential.decode(bytes) as unknown as Partial<Record<keyof ReferentialMessage, unknown>>;
  const table = <T extends object>(value: unknown, empty: T): T => {
    if (value === null || value === undefined) return empty;
    const filled = value as Record<string, unknown>;
    for (const [key, fallback] of Object.entries(empty)) {
      if (filled[key] === null || filled[key] === undefined) filled[key] = fallback;
    }
    return value as T;
  };
  return {
    amcs: (decoded.amcs ?? []) as AmcMessage[],
    contracts: (decoded.contracts ?? []) as string[],
    domains: (decoded.domains ?? []) as string[],
    practitioners: table<PractitionerTableMessage>(decoded.practitioners, {
      count: 0,
      billingId: EMPTY,
      kind: EMPTY,
      name: emptyStrings(),
      address: emptyStrings(),
      iban: emptyStrings(),
      bic: emptyStrings(),
      email: emptyStrings(),
      optam: EMPTY,
      specialty: EMPTY,
      channel: EMPTY,
      conventionFrom: EMPTY,
      conventionTo: EMPTY,
    }),
    beneficiaries: table<BeneficiaryTableMessage>(decoded.beneficiaries, {
      count: 0,
      nir: EMPTY,
      nirKey: EMPTY,
      birthDate: EMPTY,
      birthRank: EMPTY,
      memberNumber: emptyStrings(),
      cardFrom: EMPTY,
      cardTo: EMPTY,
      contract: EMPTY,
      c2s: EMPTY,
      vitaleOppositionDate: EMPTY,
      rightsStart: EMPTY,
      rightsFrom: EMPTY,
      rightsTo: EMPTY,
    }),
    guarantees: table<GuaranteeTableMessage>(decoded.guarantees, {
      count: 0,
      contract: EMPTY,
      domain: EMPTY,
      formula: EMPTY,
      ratePpm: EMPTY,
      amountCents: EMPTY,
      pecRequired: EMPTY,
      responsable: EMPTY,
      validFrom: EMPTY,
      validTo: EMPTY,
    }),
    pecs: table<PecTableMessage>(decoded.pecs, {
      count: 0,
      pecNumber: emptyStrings(),
      amc: EMPTY,
      nir: EMPTY,
      practitionerId: EMPTY,
      domain: EMPTY,
      grantedCents: EMPTY,
      validFrom: EMPTY,
      validTo: EMPTY,
    }),
    actDomains: (decoded.actDomains ?? []) as ActDomainMessage[],
    equipmentLimits: (decoded.equipmentLimits ?? []) as EquipmentLimitMessage[],
    equipmentMaxima: (decoded.equipmentMaxima ?? []) as EquipmentMaximumMessage[],
    guaranteeLimits: (decoded.guaranteeLimits ?? []) as GuaranteeLimitMessage[],
  };
}
