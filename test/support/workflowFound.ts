/**
 * Sequences the wide workflow model (WORKFLOW_WIDE=1) found failing on the product as it was
 * when they were found, shrunk. They are not run by default: each fails until its defect is fixed.
 * WORKFLOW_PENDING=1 runs them (test/unit/workflows.test.ts); move one into REGRESSIONS there
 * once it passes.
 */
import type { Op } from './workflow';

export const PENDING_REGRESSIONS: Array<{ name: string; defect: string; seed: number; ops: Op[] }> = [];
