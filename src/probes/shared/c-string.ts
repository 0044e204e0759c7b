/**
 * @module probes/shared/c-string
 * Where a device's text really ends.
 */

/**
 * The text before the first NUL. Devices written in C send their buffers with the string's end
 * (a VTO2000A-2's DHIP JSON ends in `\n\0`, wue-iot-note/wue-iot-note.github.io
 * docs/device-broadcast-discovery/index.md; routers end UPnP description XML with a NUL,
 * adolfintel/WaifUPnP#23). Neither JSON nor XML may contain a NUL, so nothing after it is the document.
 */
export function beforeNul(text: string): string {
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}
