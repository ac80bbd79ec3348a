import { monthOfDate } from '../calendar/calendar-month.js';
import { dayOfWeek, formatFr, partsOfYmd } from '../calendar/ymd.js';
import type { Decision } from '../domain/decision.js';
import type { DatedPaperNoticeLine } from '../domain/paper-notice-line.js';
import type { Practitioner } from '../domain/referential.js';
import type { DateYmd } from '../domain/units.js';
import { monthlyNoticePath, monthlyNoticeText } from './monthly-notice.js';
import { accountingDaySection } from './notice-sections.js';

/**
 * Notices of the paper channel (protocol §8-3, rules.md P10): no paper statement is posted.
 * A practitioner whose address the referential knows gets a daily e-mail listing the paper
 * invoices paid and those rejected, with the motive in clear; one without an address gets a
 * monthly summary of the same.
 *
 * This module only builds the texts; the caller writes them. The daily message is a complete
 * RFC 5322 message (`daily/<yyyymmdd>/<billingId>.eml`). The monthly summary
 * (`monthly/<yyyymm>/<billingId>.txt`, monthly-notice.ts) is the whole month to date: the paper
 * invoices earlier runs of the month decided, as the ledger holds them, then the day's own. A
 * rerun or a replay of the day writes the same bytes; nothing is ever appended.
 */

export interface NoticeParameters {
  accountingDate: DateYmd;
  /** Signs the notices, e.g. "Mut'Santé". */
  operatorName: string;
  /** Sender address (ASCII addr-spec), e.g. tiers-payant@mutsante.example. */
  fromAddress: string;
}

export interface NoticeFile {
  /** Relative to the run's notices folder. */
  path: string;
  content: string;
}

/**
 * The paper invoices of a practitioner that runs committed before this one decided in the
 * accounting day's month, by accounting day then input order (Ledger.paperNoticeLines).
 */
export type EarlierPaperLines = (billingId: string) => readonly DatedPaperNoticeLine[];

const CRLF = '\r\n';
/**
 * A deliberately plain addr-spec: a referential value with blanks, line breaks or brackets could
 * inject headers, so such an address is treated as no address (the monthly summary goes out).
 */
const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/** True when the practitioner gets the daily e-mail; false: the monthly summary (an unknown one included). */
export const hasNoticeAddress = (practitioner: Practitioner | undefined): boolean => PLAIN_ADDRESS.test(practitioner?.email ?? '');

export function buildPaperNotices(
  decisions: Iterable<Decision>,
  practitionerOf: (billingId: string) => Practitioner | undefined,
  parameters: NoticeParameters,
  earlierInMonth: EarlierPaperLines,
): NoticeFile[] {
  if (!PLAIN_ADDRESS.test(parameters.fromAddress)) {
    throw new RangeError(`sender address "${parameters.fromAddress}" is not a plain addr-spec`);
  }
  const byPractitioner = new Map<string, Decision[]>();
  for (const decision of decisions) {
    if (decision.channel !== 'PAPER') continue;
    const list = byPractitioner.get(decision.practitionerId);
    if (list === undefined) byPractitioner.set(decision.practitionerId, [decision]);
    else list.push(decision);
  }

  const notices: NoticeFile[] = [];
  for (const billingId of [...byPractitioner.keys()].sort()) {
    const ownDecisions = (byPractitioner.get(billingId) ?? []).sort((a, b) => a.sequence - b.sequence);
    const practitioner = practitionerOf(billingId);
    if (hasNoticeAddress(practitioner)) {
      notices.push({
        path: `daily/${parameters.accountingDate}/${billingId}.eml`,
        content: dailyMessage(billingId, practitioner!.email, dailyBody(billingId, practitioner, ownDecisions, parameters), parameters),
      });
    } else {
      const month = monthOfDate(parameters.accountingDate);
      const own = ownDecisions.map((d): DatedPaperNoticeLine => ({ ...d, accountingDate: parameters.accountingDate }));
      notices.push({
        path: monthlyNoticePath(month, billingId),
        content: monthlyNoticeText({
          billingId, practitioner, month, throughDate: parameters.accountingDate,
          lines: [...earlierInMonth(billingId), ...own], operatorName: parameters.operatorName,
        }),
      });
    }
  }
  return notices;
}

function dailyBody(
  billingId: string,
  practitioner: Practitioner | undefined,
  decisions: readonly Decision[],
  parameters: NoticeParameters,
): string[] {
  const day = formatFr(parameters.accountingDate);
  const name = practitioner?.name ?? 'professionnel de santé inconnu du référentiel';
  return [`Professionnel de santé : ${name} (n° de facturation ${billingId})`, `Journée comptable : ${day}`, '', ...accountingDaySection(decisions, day)];
}

function dailyMessage(billingId: string, to: string, body: readonly string[], parameters: NoticeParameters): string {
  const day = formatFr(parameters.accountingDate);
  const domain = parameters.fromAddress.slice(parameters.fromAddress.indexOf('@') + 1);
  const headers = [
    `From: ${displayName(parameters.operatorName)} <${parameters.fromAddress}>`,
    `To: <${to}>`,
    `Subject: ${encodeHeaderText(`Factures papier traitées le ${day}`)}`,
    `Date: ${rfc5322Date(parameters.accountingDate)}`,
    // Deterministic, and unique per practitioner and day: a replay re-sends the same message.
    `Message-ID: <tpliq.${parameters.accountingDate}.${billingId}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  const text = [
    'Bonjour,',
    '',
    `Voici le retour de liquidation des factures papier traitées par ${parameters.operatorName}.`,
    '',
    ...body,
    '',
    'Message envoyé automatiquement, merci de ne pas y répondre.',
    parameters.operatorName,
  ];
  return headers.join(CRLF) + CRLF + CRLF + text.join(CRLF) + CRLF;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** The accounting day at 00:00 UTC in RFC 5322 form: derived from the inputs, never the clock. */
function rfc5322Date(date: DateYmd): string {
  const { year, month, day } = partsOfYmd(date);
  return `${WEEKDAYS[dayOfWeek(date) - 1]}, ${String(day).padStart(2, '0')} ${MONTHS[month - 1]} ${year} 00:00:00 +0000`;
}

/** Bytes of UTF-8 per encoded word: 45 bytes make 60 base64 characters, 72 with the wrapper (≤ 75). */
const ENCODED_WORD_BYTES_MAX = 45;

/** A display name goes as is when it is made of RFC 5322 atoms and blanks, else encoded. */
const displayName = (name: string): string =>
  /^[A-Za-z0-9 !#$%&'*+\-/=?^_`{|}~]+$/.test(name) ? name : encodeWords(name);

/**
 * A header text as is when it is printable ASCII, else as RFC 2047 encoded words (UTF-8, base64),
 * cut at character boundaries and folded onto continuation lines.
 */
export function encodeHeaderText(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : encodeWords(text);
}

function encodeWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > ENCODED_WORD_BYTES_MAX) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}
