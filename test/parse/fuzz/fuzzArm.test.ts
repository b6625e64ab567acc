/**
 * Hostile input, Arm: seeded mutants of real corpus files and generated edge cases, each through the real
 * scan (see harness.ts for what is checked and how to change the seed or the number of mutants).
 */
import { edgeCases } from './edgeCases';
import { defineFuzzSuite } from './harness';

defineFuzzSuite('arm', edgeCases('arm'));
