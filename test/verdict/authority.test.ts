/**
 * Authenticated device answers outrank unauthenticated inference: when they disagree the
 * authenticated maker wins, the inference is kept beside it, and the basis says so.
 */
import { describe, expect, it } from 'vitest';
import type { SignatureMatch } from '../../src/engine/types.js';
import { loadVocabulary } from '../../src/engine/vocabulary.js';
import { type Evidence, type EvidenceField, makeEvidence } from '../../src/evidence/types.js';
import { dataPath } from '../../src/util/paths.js';
import { decide } from '../../src/verdict/decide.js';
import { testSignature } from '../helpers/signature.js';

const vocab = loadVocabulary(dataPath('fingerprints', 'vocabulary'));
const ev = (field: EvidenceField, value: string, authenticated = false): Evidence =>
  makeEvidence({ probe: 'test', ip: '127.0.0.1', port: 80, transport: 'tcp', authenticated }, field, value);
const hit = (id: string, vendor: string, e: Evidence): SignatureMatch => ({
  signature: testSignature({ id, field: e.field, vendor }),
  evidence: e,
  captured: {},
});

describe('authenticated answers', () => {
  it('win over a disagreeing unauthenticated inference, which is kept and named', () => {
    const realm = ev('http.auth.realm', 'Login to 4X7C5A1ZAG21L3F');
    const model = ev('device.model', 'DS-2CD2386G2-IU', true);
    const firmware = ev('device.firmware', 'V5.7.14 build 231028', true);
    const v = decide(
      [realm, model, firmware],
      [
        hit('dahua.realm', 'Dahua', realm),
        hit('hik.model', 'Hikvision', model),
        hit('hik.fw', 'Hikvision', firmware),
      ],
      vocab,
    );
    expect(v.oem.vendor).toBe('Hikvision');
    expect(v.oem.authenticated).toBe(true);
    expect(v.oem.unauthenticated).toMatchObject({ vendor: 'Dahua' });
    expect(v.oem.basis).toMatch(
      /authenticated device answers: 2 independent signals for Hikvision; this outranks the unauthenticated inference \(Dahua at 0\.9\)/,
    );
    expect(v.model).toBe('DS-2CD2386G2-IU');
  });

  it('leave the ordinary fusion alone when no authenticated answer names a maker', () => {
    const realm = ev('http.auth.realm', 'Login to 4X7C5A1ZAG21L3F');
    const v = decide([realm, ev('device.oem-code', '1', true)], [hit('dahua.realm', 'Dahua', realm)], vocab);
    expect(v.oem.vendor).toBe('Dahua');
    expect(v.oem.authenticated).toBeUndefined();
  });

  it('prefer the authenticated identity value over an unauthenticated one', () => {
    const v = decide(
      [ev('onvif.model', 'unauth-model'), ev('device.model', 'IPC-HDW5831R-ZE', true)],
      [],
      vocab,
    );
    expect(v.model).toBe('IPC-HDW5831R-ZE');
  });
});
