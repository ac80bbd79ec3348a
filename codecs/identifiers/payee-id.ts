/**
 * The payee of an invoice (the lot's emitter, a paper row's practitioner_id) is a n° PS de
 * facturation or a FINESS: 9 characters, digits (FINESS of Corsica: 2A / 2B then 7 digits). The id
 * names output files (`noemie/<id>-<date>.rsp`, the paper notices) and fills 9-character zones of
 * the returns, so anything else — a NUL byte, `../../xy`, the CSV header's own text — is refused
 * when the invoice is decoded, never met by a writer.
 *
 * Only the format is checked here, not the key: a well-formed id with a wrong key is safe to write
 * and is simply unknown to the referential (PS_INCONNU), as it always was.
 */

const PAYEE_ID = /^(?:\d{9}|2[AB]\d{7})$/;

export function isPayeeIdFormat(id: string): boolean {
  return PAYEE_ID.test(id);
}
