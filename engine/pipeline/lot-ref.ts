import type { LotHeader } from '../../codecs/b2/frames.js';
import type { Channel } from '../domain/invoice.js';
import type { LotRef } from './task.js';

/** The channel a B2-family lot arrives by, from the layout profile that reads it. */
const CHANNEL_OF_PROFILE: Record<string, Channel> = { 'b2-etablissements': 'B2_ETAB', 'b2-ps': 'B2_PS', dre: 'DRE', 'c2s-amo': 'C2S' };

/** Where an inbox file comes from, as far as its lots are concerned. */
export interface LotSource {
  /** The file's name in every output (path relative to the inbox). */
  name: string;
  receivedDate: number;
  /** Paper files are framed as B2 PS records but are their own channel (20-day term, notices). */
  channelOverride?: Channel;
}

/**
 * What every invoice of a lot shares. One function for both intake paths (main-thread streaming
 * and worker file tasks), so an invoice gets the same LotRef — and the same decision — either way.
 */
export function lotRefOf(source: LotSource, header: LotHeader): LotRef {
  const profile = header.layout.profile;
  return {
    file: source.name,
    lot: header.lotNumber,
    practitionerId: header.emitterId,
    profile,
    channel: source.channelOverride ?? CHANNEL_OF_PROFILE[profile] ?? 'B2_PS',
    receivedDate: source.receivedDate,
    sendDate: header.constitutionDate,
  };
}
