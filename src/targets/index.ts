/**
 * @module targets
 * Target specifications: parse what the user typed (addresses, CIDRs, ranges, hostnames,
 * @file lists), apply the safety rules, and hand the scanner a lazy, de-duplicated set.
 */
export { type AddressClass, classifyIPv4 } from './classify.js';
export { formatIPv4, parseIPv4 } from './ipv4.js';
export { resolveTargets } from './resolve.js';
export type { TargetOptions, TargetSet } from './types.js';
