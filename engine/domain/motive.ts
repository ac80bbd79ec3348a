/**
 * Rejection motives and signalements (SIGNALEMENT_CODES below): a stable machine code and a clear
 * French label, as the protocol (§5-1) requires rejected invoices to come back "avec le motif en
 * clair". Codes follow the internal taxonomy of rules.md §5.2; the NOEMIE code is a 4-character
 * placeholder until the Inter-AMC list is obtained (formats.md §6.8).
 */
export interface Motive {
  code: MotiveCode;
  /** French label, with the relevant value filled in (e.g. a date as jj/mm/aaaa). */
  label: string;
}

export const MOTIVES = {
  STRUCTURE_INVALIDE: { noemie: 'S001', label: 'Facture mal formée' },
  RUBRIQUE_MANQUANTE: { noemie: 'S002', label: 'Rubrique obligatoire absente' },
  NIR_INVALIDE: { noemie: 'S003', label: 'Clé NIR invalide' },
  TOTAL_INCOHERENT: { noemie: 'S004', label: 'Total de facture différent de la somme des lignes' },
  LOT_INVALIDE: { noemie: 'S005', label: 'Lot rejeté à la réception' },
  PS_INCONNU: { noemie: 'P001', label: 'Professionnel de santé inconnu' },
  PS_NON_CONVENTIONNE: { noemie: 'P002', label: 'Professionnel de santé non conventionné' },
  PS_IBAN_INVALIDE: { noemie: 'P003', label: 'Coordonnées bancaires du professionnel invalides' },
  AMC_INCONNUE: { noemie: 'A001', label: 'Organisme complémentaire inconnu' },
  BENEF_INCONNU: { noemie: 'B001', label: 'Bénéficiaire inconnu' },
  BENEF_HORS_CARTE: { noemie: 'B002', label: 'Bénéficiaire absent de la carte' },
  CARTE_INVALIDE: { noemie: 'B003', label: 'Carte de tiers payant non valide' },
  DROITS_FERMES: { noemie: 'B004', label: 'Droits du bénéficiaire non ouverts' },
  OPPOSITION_VITALE: { noemie: 'B005', label: 'Carte Vitale en opposition' },
  SECURISATION_DEGRADEE: { noemie: 'B006', label: 'Facture SESAM dégradé sans garantie de paiement' },
  DOMAINE_NON_COUVERT: { noemie: 'G001', label: 'Prestation non couverte' },
  PEC_ABSENTE: { noemie: 'G002', label: 'Prise en charge absente' },
  PEC_INVALIDE: { noemie: 'G003', label: 'Prise en charge non valide' },
  PEC_DEPASSEE: { noemie: 'G004', label: 'Montant supérieur à la prise en charge' },
  PEC_DEJA_UTILISEE: { noemie: 'G005', label: 'Prise en charge déjà utilisée' },
  // Counters across invoices and days (rules.md §2.6–2.9): what the practitioner declared is
  // more than the counter leaves.
  PLAFOND_ATTEINT: { noemie: 'G006', label: 'Plafond de garantie atteint' },
  RENOUVELLEMENT_ANTICIPE: { noemie: 'G007', label: 'Renouvellement avant la fin de la période' },
  HORS_DELAI: { noemie: 'D001', label: 'Facture reçue hors délai' },
  DOUBLON: { noemie: 'D002', label: 'Facture déjà reçue' },
  DOUBLON_FONCTIONNEL: { noemie: 'D003', label: 'Soins déjà facturés' },
  MONTANT_INCOHERENT: { noemie: 'M001', label: 'Montant incohérent' },
  MONTANT_AMC_DIFFERENT: { noemie: 'M002', label: 'Part complémentaire différente du calcul' },
  // Regularisations (protocol §5-3, rules.md §6.2). The first is a signalement on an accepted
  // rectificative or annulation; the others reject one whole.
  REGULARISATION: { noemie: 'R002', label: 'Régularisation' },
  RECTIFICATIVE_SANS_REFERENCE: { noemie: 'R003', label: 'Rectificative ou annulation sans facture de référence' },
  FACTURE_RECTIFIEE_INCONNUE: { noemie: 'R004', label: 'Facture rectifiée inconnue pour ce professionnel' },
  FACTURE_RECTIFIEE_REJETEE: { noemie: 'R005', label: 'Facture rectifiée non payée' },
  FACTURE_DEJA_ANNULEE: { noemie: 'R006', label: 'Facture déjà annulée' },
  RECTIFICATIVE_PREMATUREE: { noemie: 'R007', label: 'Facture rectifiée le jour même' },
  // Signalements that never reject (rules.md §5.1–5.2; S3, S4, P8): the invoice is paid and the
  // practitioner told. Kept after the others: the spool numbers codes by their place here.
  TRANSMISSION_TARDIVE: { noemie: 'N001', label: 'Feuille de soins transmise après le délai réglementaire' },
  MENTION_MANQUANTE: { noemie: 'N002', label: 'Rubrique non bloquante absente' },
  PLAFOND_PROCHE: { noemie: 'N003', label: 'Plafond de garantie bientôt atteint' },
  // C2S claims of AMO funds (D. 861-4 … D. 861-6): the fund is the payee; the increase of
  // L. 861-3 is paid with a claim paid late or under formal notice, and said as a signalement.
  CAISSE_INCONNUE: { noemie: 'P004', label: "Caisse d'assurance maladie inconnue" },
  CAISSE_IBAN_INVALIDE: { noemie: 'P005', label: 'Coordonnées bancaires de la caisse invalides' },
  C2S_NON_OUVERTE: { noemie: 'B007', label: 'Bénéficiaire sans complémentaire santé solidaire' },
  MAJORATION_C2S: { noemie: 'N004', label: 'Majoration' },
} as const;

export type MotiveCode = keyof typeof MOTIVES;

/**
 * The motives a paid invoice carries without being rejected: an accepted regularisation, and the
 * warnings of rules.md §5.2 (a late transmission, a missing non-blocking rubric, a ceiling nearly
 * used up). Every other motive rejects the invoice whole (P6). A signalement found on an invoice
 * that is rejected for another motive is dropped: the rejection is what the practitioner must act on.
 */
export const SIGNALEMENT_CODES: ReadonlySet<MotiveCode> = new Set<MotiveCode>(['REGULARISATION', 'TRANSMISSION_TARDIVE', 'MENTION_MANQUANTE', 'PLAFOND_PROCHE', 'MAJORATION_C2S']);

export const isSignalement = (code: MotiveCode): boolean => SIGNALEMENT_CODES.has(code);
