/**
 * @module probes/vivotek/parse
 * Vivotek `getparam.cgi` answers: one `<parameter>=<value>` pair a line (Vivotek user manuals,
 * "Get server parameter values"), the value in single quotes on the units seen
 * (`system_info_modelname='IP7160'`). Parameters are named `<group>_<name>`; the manual's own
 * example answers with dots (`network.ipaddress=`), so both spellings are read. Bounded by
 * the shared key=value reader; values stripped of their quotes, then cleaned as every evidence value is.
 */
import { cleanValue } from '../../evidence/types.js';
import { parseKeyValues } from '../shared/key-value.js';

export interface VivotekIdentity {
  /** `system_info_modelname` (`IP7160`). */
  model?: string;
  /** `system_info_firmwareversion` (`IP7160-VVTK-0101b`). */
  firmware?: string;
  /** `system_info_serialnumber`. */
  serial?: string;
}

const MAX_VALUE = 200;
const FIELDS = [
  ['model', 'system_info_modelname'],
  ['firmware', 'system_info_firmwareversion'],
  ['serial', 'system_info_serialnumber'],
] as const;

/** The identity a getparam.cgi body states, or undefined when it names none of the three system_info parameters. */
export function parseSystemInfo(body: string): VivotekIdentity | undefined {
  const params = new Map<string, string>();
  for (const [k, v] of parseKeyValues(body)) params.set(k.replace(/\./g, '_').toLowerCase(), v);
  const id: VivotekIdentity = {};
  for (const [field, key] of FIELDS) {
    const raw = params.get(key)?.replace(/^'(.*)'$/, '$1');
    const v = raw === undefined ? undefined : cleanValue(raw);
    if (v && v.length <= MAX_VALUE) id[field] = v;
  }
  return Object.keys(id).length > 0 ? id : undefined;
}
