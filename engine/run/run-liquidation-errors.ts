import type { InvariantViolation } from '../settle/invariants.js';

/** A run that stopped on purpose before paying anything, with a stable code. */
export class RunAborted extends Error {
  constructor(readonly code: string, message: string, readonly violations: InvariantViolation[] = []) {
    super(`${code}: ${message}`);
    this.name = 'RunAborted';
  }
}
