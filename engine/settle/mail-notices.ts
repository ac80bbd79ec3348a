import { dayOfWeek, formatFr, partsOfYmd } from '../calendar/ymd.js';
import type { Decision } from '../domain/decision.js';
import { MOTIVES } from '../domain/motive.js';
import type { Practitioner } from '../domain/referential.js';
import { cents, type DateYmd } from '../domain/units.js';
import { formatEurosFr } from '../money/euros.js';

/**
 * Notices of the paper channel (protocol §8-3, rules.md P10): no paper statement is posted.
 * A practitioner whose address the referential knows gets a daily e-mail listing the paper
 * invoices paid and those rejected, with the motive in clear; one without an address gets a
 * monthly fax summary of the same.
 *
 * This module only builds the texts; the caller writes them. The daily message is a complete
 * RFC 5322 message (`daily/<yyyymmdd>/<billingId>.eml`). The monthly summary accumulates over the
 * month: the run returns its own section (`monthly/<yyyymm>/<billingId>.txt`), headed by its
 * accounting day, and the caller appends it to whatever the month's file already holds.
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

const CRLF = '\r\n';
/**
 * A deliberately plain addr-spec: a referential value with blanks, line breaks or brackets could
 * inject headers, so such an address is treated as no address (the monthly summary goes out).
 */
const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

export function buildPaperNotices(
  decisions: Iterable<Decision>,
  practitionerOf: (billingId: string) => Practitioner | undefined,
  parameters: NoticeParameters,
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
    const body = noticeBody(billingId, practitioner, ownDecisions, parameters);
    const email = practitioner?.email ?? '';
    if (PLAIN_ADDRESS.test(email)) {
      notices.push({
        path: `daily/${parameters.accountingDate}/${billingId}.eml`,
        content: dailyMessage(billingId, email, body, parameters),
      });
    } else {
      const { year, month } = partsOfYmd(parameters.accountingDate);
      notices.push({
        path: `monthly/${year}${String(month).padStart(2, '0')}/${billingId}.txt`,
        content: monthlySection(body, parameters),
      });
    }
  }
  return notices;
}

function noticeBody(
  billingId: string,
  practitioner: Practitioner | undefined,
  decisions: readonly Decision[],
  parameters: NoticeParameters,
): string[] {
  const paid = decisions.filter((d) => d.status === 'PAID');
  const rejected = decisions.filter((d) => d.status === 'REJECTED');
  const day = formatFr(parameters.accountingDate);
  const name = practitioner?.name ?? 'professionnel de santé inconnu du référentiel';
  const lines = [`Professionnel de santé : ${name} (n° de facturation ${billingId})`, `Journée comptable : ${day}`, ''];

  const paidCents = paid.reduce((sum, d) => sum + d.paidCents, 0);
  if (paid.length === 0) {
    lines.push('Factures mises en paiement : aucune.');
  } else {
    lines.push(`Factures mises en paiement : ${paid.length}, pour un total de ${euros(paidCents)}.`);
    for (const d of paid) {
      lines.push(`  - facture ${d.invoiceNumber} reçue le ${formatFr(d.receivedDate)} : ${euros(d.paidCents)}`);
    }
    lines.push(`Ce montant est compris dans le virement global de la journée comptable du ${day}.`);
  }
  lines.push('');

  if (rejected.length === 0) {
    lines.push('Factures rejetées : aucune.');
  } else {
    lines.push(`Factures rejetées : ${rejected.length}.`);
    for (const d of rejected) {
      lines.push(`  - facture ${d.invoiceNumber} reçue le ${formatFr(d.receivedDate)}, montant demandé ${euros(d.claimedCents)}`);
      for (const motive of d.motives) {
        lines.push(`      motif ${MOTIVES[motive.code].noemie} : ${motive.label}`);
      }
    }
  }
  return lines;
}

const euros = (amountCents: number): string => `${formatEurosFr(cents(amountCents))} €`;

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

function monthlySection(body: readonly string[], parameters: NoticeParameters): string {
  const title = `==== ${parameters.operatorName} — factures papier, journée comptable du ${formatFr(parameters.accountingDate)} ====`;
  return [title, ...body, '', ''].join('\n');
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
