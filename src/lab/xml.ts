/**
 * @module lab/xml
 * Text escaped for XML element content, as the simulated devices write their answers.
 */
export const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
