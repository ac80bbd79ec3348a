/**
 * A motive label longer than the 080's label zone continues in 081 entities (noemie-580.json):
 * P7 wants the reason "in clear", and a label cut at the zone's width used to end mid-word.
 * The label is cut between words; only a word longer than the zone itself is cut at the zone's
 * width, and the part after it says so (`C`), so the reader can glue it back without a space.
 *
 * Splitting is a pure function of the label and the width, and joining gives back the label it
 * split, which is what makes encode → decode → encode byte-identical.
 */

/** How a continuation joins the text before it: after a space (E, espace) or glued (C, coupé). */
export type LabelJoint = 'E' | 'C';
export const JOINT_AFTER_SPACE: LabelJoint = 'E';
export const JOINT_GLUED: LabelJoint = 'C';

export interface LabelPart {
  text: string;
  /** Ignored for the first part (it joins nothing). */
  joint: LabelJoint;
}

/**
 * Blanks inside a label become one space and the ends are trimmed: a zone is padded with blanks
 * and trailing blanks are dropped on read, so only this shape of a label survives a round trip.
 */
export function normaliseLabel(label: string): string {
  return label.replace(/\s+/g, ' ').trim();
}

/**
 * The parts of a (normalised) label: the first at most `firstChars` long (the 080's zone), the
 * others at most `continuationChars` (the 081's); one part when the label fits the first zone.
 */
export function splitLabel(label: string, firstChars: number, continuationChars: number): LabelPart[] {
  for (const width of [firstChars, continuationChars]) {
    if (!Number.isInteger(width) || width < 1) throw new RangeError(`label zone width ${width} is not a positive integer`);
  }
  const parts: LabelPart[] = [];
  let rest = normaliseLabel(label);
  let joint: LabelJoint = JOINT_AFTER_SPACE;
  let widthChars = firstChars;
  for (; rest.length > widthChars; widthChars = continuationChars) {
    // The last space at or before the width: the part before it fills the zone without a cut word.
    const space = rest.lastIndexOf(' ', widthChars);
    if (space > 0) {
      parts.push({ text: rest.slice(0, space), joint });
      rest = rest.slice(space + 1);
      joint = JOINT_AFTER_SPACE;
    } else {
      parts.push({ text: rest.slice(0, widthChars), joint });
      rest = rest.slice(widthChars);
      joint = JOINT_GLUED;
    }
  }
  parts.push({ text: rest, joint });
  return parts;
}

/** The text a part adds to the label read so far. */
export function joinLabelPart(labelSoFar: string, part: LabelPart): string {
  return part.joint === JOINT_GLUED ? labelSoFar + part.text : `${labelSoFar} ${part.text}`;
}
