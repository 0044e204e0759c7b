/**
 * @module probes/foscam/parse
 * Foscam `CGIProxy.fcgi` answers: `<CGI_Result>` holding `<result>` (0 success, -1 request
 * format error, -2 user name or password error, -3 access denied, ...) and one leaf element per
 * value (Foscam IPCamera CGI User Guide, "cgi execute result"). Leaves are read with a bounded
 * pattern, not an XML parser: firmware before 1.11.1.18 did not escape special characters, so
 * real answers need not be well-formed XML (viswa-swami/python-foscam, libpyfoscam/foscam.py).
 */
import { cleanValue } from '../../evidence/types.js';

export interface CgiResult {
  /** The `<result>` code. */
  result: number;
  /** The other leaves, first value of each name. */
  values: Map<string, string>;
}

/** Larger replies are no CGI answer oemscan asks for. */
export const MAX_CGI_REPLY = 64 * 1024;
const MAX_VALUE = 200;
const MAX_LEAVES = 200;
const LEAF = /<([A-Za-z_][\w.-]{0,63})>([^<]{0,1000})<\/\1>/g;

/** The answer, or undefined when the body is no `<CGI_Result>` with an integer `<result>`. */
export function parseCgiResult(body: string): CgiResult | undefined {
  if (body.length > MAX_CGI_REPLY) return undefined;
  const start = body.indexOf('<CGI_Result>');
  const end = body.indexOf('</CGI_Result>', start);
  if (start < 0 || end < 0) return undefined;
  let result: number | undefined;
  const values = new Map<string, string>();
  let n = 0;
  for (const m of body.slice(start + '<CGI_Result>'.length, end).matchAll(LEAF)) {
    if (++n > MAX_LEAVES) break;
    const [, name = '', raw = ''] = m;
    const value = cleanValue(raw);
    if (name === 'result') {
      if (result === undefined && /^-?\d{1,3}$/.test(value)) result = Number(value);
    } else if (value && value.length <= MAX_VALUE && !values.has(name)) values.set(name, value);
  }
  return result === undefined ? undefined : { result, values };
}

export interface FoscamDevInfo {
  /** `productName` (`FI9928P`). */
  model?: string;
  /** `firmwareVer`. */
  firmware?: string;
  /** `hardwareVer`. */
  hardware?: string;
}

/**
 * The identity a successful `getDevInfo` states: the three values Home Assistant's Foscam
 * integration reads as model, software and hardware version (home-assistant/core
 * homeassistant/components/foscam/entity.py).
 */
export function devInfo(r: CgiResult): FoscamDevInfo | undefined {
  if (r.result !== 0) return undefined;
  const info: FoscamDevInfo = {};
  const model = r.values.get('productName');
  const firmware = r.values.get('firmwareVer');
  const hardware = r.values.get('hardwareVer');
  if (model) info.model = model;
  if (firmware) info.firmware = firmware;
  if (hardware) info.hardware = hardware;
  return Object.keys(info).length > 0 ? info : undefined;
}
