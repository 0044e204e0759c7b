/**
 * @module probes/vapix/parse
 * Axis VAPIX `param.cgi?action=list&group=<group>` answers: plain text, one parameter a line,
 * `root.<Group>.<Name>=<value>` (Kane610/axis tests/parameters/test_brand.py and
 * test_properties.py; home-assistant/core#46815 debug logs of real units). The Brand group
 * names the maker and product (`root.Brand.Brand=AXIS`, `ProdNbr`, `ProdShortName`,
 * `ProdFullName`), the Properties group the firmware (`Firmware.Version`) and the unit
 * (`System.SerialNumber`, `System.HardwareID`).
 *
 * A body is read as a VAPIX answer only when every line is such a parameter line: an HTML page
 * that quotes one is not this API. Bounded (bytes, lines, value length); control characters are
 * dropped from values; never throws.
 */

/** Larger replies are not a parameter group oemscan asks for; never split into lines. */
export const MAX_VAPIX_REPLY = 256 * 1024;
const MAX_LINES = 5000;
const MAX_VALUE = 200;
const LINE = /^root\.([A-Za-z0-9_[\]-]{1,64}(?:\.[A-Za-z0-9_[\]-]{1,64}){0,12})=(.*)$/;

/**
 * The parameters of a body in param.cgi's list format (`root.` stripped from the keys, so
 * `Brand.ProdNbr`), or undefined when the body is empty, too large or has any other line.
 */
export function vapixParams(body: string): Map<string, string> | undefined {
  if (body.length === 0 || body.length > MAX_VAPIX_REPLY) return undefined;
  const out = new Map<string, string>();
  const lines = body.split('\n', MAX_LINES + 1);
  if (lines.length > MAX_LINES) return undefined;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const m = LINE.exec(line);
    if (!m) return undefined;
    const key = m[1] as string;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    const value = (m[2] ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
    if (!out.has(key)) out.set(key, value);
  }
  return out.size > 0 ? out : undefined;
}

export interface VapixIdentity {
  /** `Brand.Brand` (`AXIS`). */
  manufacturer?: string;
  /** `Brand.ProdNbr`, else `Brand.ProdShortName`. */
  model?: string;
  /** `Brand.ProdFullName` (`AXIS M1065-LW Network Camera`). */
  fullName?: string;
  /** `Brand.ProdType` (`Network Camera`, `PTZ Dome Network Camera`, `Video Encoder`). */
  type?: string;
  /** `Properties.Firmware.Version`. */
  firmware?: string;
  /** `Properties.System.SerialNumber`. */
  serial?: string;
  /** `Properties.System.HardwareID`. */
  hardware?: string;
}

const value = (params: Map<string, string>, key: string) => {
  const v = params.get(key);
  return v && v.length <= MAX_VALUE ? v : undefined;
};

/** What the Brand and Properties groups say about the unit; empty fields are left out. */
export function vapixIdentity(params: Map<string, string>): VapixIdentity {
  const id: VapixIdentity = {
    manufacturer: value(params, 'Brand.Brand'),
    model: value(params, 'Brand.ProdNbr') ?? value(params, 'Brand.ProdShortName'),
    fullName: value(params, 'Brand.ProdFullName'),
    type: value(params, 'Brand.ProdType'),
    firmware: value(params, 'Properties.Firmware.Version'),
    serial: value(params, 'Properties.System.SerialNumber'),
    hardware: value(params, 'Properties.System.HardwareID'),
  };
  for (const k of Object.keys(id) as (keyof VapixIdentity)[]) if (id[k] === undefined) delete id[k];
  return id;
}

/** The Brand group of a body: its identity when the body is a param.cgi list holding `Brand.*` parameters. */
export function parseBrand(body: string): VapixIdentity | undefined {
  const params = vapixParams(body);
  if (!params || ![...params.keys()].some((k) => k.startsWith('Brand.'))) return undefined;
  const id = vapixIdentity(params);
  return id.manufacturer || id.model || id.fullName ? id : undefined;
}

/** The Properties group of a body: firmware, serial and hardware id, when any is listed. */
export function parseProperties(body: string): VapixIdentity | undefined {
  const params = vapixParams(body);
  if (!params) return undefined;
  const { firmware, serial, hardware } = vapixIdentity(params);
  const id: VapixIdentity = {
    ...(firmware ? { firmware } : {}),
    ...(serial ? { serial } : {}),
    ...(hardware ? { hardware } : {}),
  };
  return Object.keys(id).length > 0 ? id : undefined;
}
