/**
 * Claimed manufacturer strings resolve to the vocabulary's entries as devices and registries write
 * them: exactly, with a company suffix, and (for a Chinese company) after the place its
 * registered name leads with. The registry names below are IEEE MA-L assignees as packaged in
 * npm oui-data 2.1.9 (../shared/research/oui.json).
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';

const vocab = loadSignatureLibrary().vocabulary;
const resolved = (claimed: string) => {
  const b = vocab.resolveBrand(claimed);
  return b ? `${b.name}/${b.company}` : undefined;
};

describe('resolving a claimed manufacturer', () => {
  it('reads a name, a suffixed name and a registered company name', () => {
    expect(resolved('HIKVISION')).toBe('Hikvision/Hikvision');
    expect(resolved('Axis Communications AB')).toBe('Axis/Axis');
    expect(resolved('Zhejiang Dahua Technology Co., Ltd.')).toBe('Dahua/Dahua');
  });

  it('reads the trade name after the place a Chinese registered name leads with', () => {
    expect(resolved('Hangzhou Ezviz Software Co.,Ltd.')).toBe('EZVIZ/Hikvision');
    expect(resolved('Hangzhou Hikrobot Technology Co., Ltd.')).toBe('Hikrobot/Hikvision');
    expect(resolved('ZHEJIANG DAHUA ZHILIAN CO.,LTD')).toBe('Dahua/Dahua');
  });

  it('names nobody from a place alone or an unknown trade name after one', () => {
    expect(resolved('Hangzhou')).toBeUndefined();
    expect(resolved('Shenzhen Unknownco Technology Co., Ltd.')).toBeUndefined();
  });
});
