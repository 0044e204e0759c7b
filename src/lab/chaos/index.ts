/**
 * @module lab/chaos
 * The chaos fleet for robustness tests: profiles and the misbehaviours behind them.
 */
export { type ChaosOptions, chaosProfiles } from './profiles.js';
