/**
 * @module report/html/style
 * The report's only style sheet, inlined. System fonts only (no web fonts), A4 print rules.
 */
export const STYLE = `
:root{--ink:#1d2433;--muted:#5b6474;--line:#d9dee7;--soft:#f5f7fa;--accent:#1f4e79;
--red:#b42318;--red-bg:#fef3f2;--amber:#b54708;--amber-bg:#fffaeb;--green:#067647;--green-bg:#ecfdf3}
*{box-sizing:border-box}
html{background:#eef1f5}
body{margin:0 auto;max-width:1080px;padding:32px 40px 48px;background:#fff;color:var(--ink);
font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.mono,code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.92em}
h1{font-size:28px;margin:2px 0 14px;letter-spacing:-.01em}
h2{font-size:20px;margin:36px 0 10px;padding-bottom:6px;border-bottom:2px solid var(--accent);color:var(--accent)}
h3{font-size:16px;margin:20px 0 8px}
h4{font-size:12px;margin:18px 0 6px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
a{color:var(--accent)}
.kicker{margin:0;text-transform:uppercase;letter-spacing:.12em;font-size:11px;font-weight:600;color:var(--muted)}
.doc-head{border-bottom:4px solid var(--accent);padding-bottom:14px}
.meta{display:grid;grid-template-columns:max-content 1fr max-content 1fr;gap:4px 16px;margin:0}
.meta dt,.kv dt{color:var(--muted);font-weight:600}
.meta dd,.kv dd{margin:0;overflow-wrap:anywhere}
.muted{color:var(--muted)}
.small{font-size:11px}
.nowrap{white-space:nowrap}
td.small{font-size:12px;color:var(--muted)}
.none{color:#98a2b3}
.empty{color:var(--muted);font-style:italic}
.lead{color:var(--muted);margin:0 0 10px}
.stats{display:grid;grid-template-columns:repeat(5,1fr);gap:12px;margin:10px 0 14px}
.stat{border:1px solid var(--line);border-top:4px solid #98a2b3;border-radius:6px;padding:10px 12px}
.stat .n{font-size:28px;font-weight:700;line-height:1.1}
.stat .l{font-weight:600}
.stat .note{font-size:12px;color:var(--muted)}
.stat.flagged{border-top-color:var(--red)}.stat.flagged .n{color:var(--red)}
.stat.unverified{border-top-color:var(--amber)}.stat.unverified .n{color:var(--amber)}
.stat.clear{border-top-color:var(--green)}.stat.clear .n{color:var(--green)}
.callout{border-left:4px solid var(--amber);background:var(--amber-bg);padding:8px 12px;margin:0 0 8px}
.chart{margin:0}
.chart svg{max-width:100%;height:auto;font-family:inherit}
.chart .label{font-size:13px;fill:var(--ink)}
.chart .count{font-size:12px;fill:var(--muted)}
.chart .flagged rect,.key.flagged{fill:var(--red);background:var(--red)}
.chart .known rect,.key.known{fill:var(--accent);background:var(--accent)}
.chart .unknown rect,.key.unknown{fill:#98a2b3;background:#98a2b3}
figcaption{font-size:12px;color:var(--muted);margin-top:4px}
.key{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px;vertical-align:-1px}
.badge{display:inline-block;font-size:11px;font-weight:700;letter-spacing:.04em;padding:1px 8px;border-radius:10px;
border:1px solid currentColor;vertical-align:2px;white-space:nowrap}
.badge.flagged{color:var(--red);background:var(--red-bg)}
.badge.rebrand{color:var(--amber);background:var(--amber-bg);font-weight:600}
.badge.probable{color:var(--amber);background:var(--amber-bg);font-style:italic}
.badge.outline{color:var(--muted)}
table{width:100%;border-collapse:collapse;margin:6px 0 4px;font-size:13px}
th{text-align:left;font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);
border-bottom:2px solid var(--line);padding:6px 8px}
td{border-bottom:1px solid var(--line);padding:5px 8px;vertical-align:top}
td.num{white-space:nowrap}
td.value{overflow-wrap:anywhere;word-break:break-word;max-width:420px}
tr.matched td:first-child{box-shadow:inset 3px 0 0 var(--accent)}
.clipped{color:var(--muted);font-style:italic}
.index td:first-child a{font-weight:600}
.device{border:1px solid var(--line);border-left:5px solid var(--red);border-radius:6px;padding:4px 20px 16px;margin:18px 0}
.device-head{display:flex;flex-wrap:wrap;align-items:center;gap:8px;border-bottom:1px solid var(--line);padding:10px 0 8px}
.device-head h3{margin:0 8px 0 0;font-size:20px}
.hostname{color:var(--muted);font-weight:400;font-size:.85em}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:3px 18px;margin:12px 0 0}
.kv.two{grid-template-columns:max-content 1fr max-content 1fr}
.headline{flex-basis:100%;margin:0;color:var(--muted)}
.headline strong{color:var(--ink)}
.flags{list-style:none;padding:0;margin:0}
.flag{border:1px solid #fecdca;background:var(--red-bg);border-radius:6px;padding:8px 12px;margin:6px 0}
.flag p{margin:4px 0 0}
.cite{font-size:13px;overflow-wrap:anywhere}
.services{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:4px 18px}
.status{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;color:var(--amber)}
footer{margin-top:40px;padding-top:10px;border-top:1px solid var(--line);font-size:12px;color:var(--muted)}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
html,body{background:none}
body{max-width:none;padding:0;font-size:9.5pt;color:#000}
*{-webkit-print-color-adjust:economy;print-color-adjust:economy}
.callout,.flag,.badge{background:none}
h2{break-after:avoid}
h3,h4{break-after:avoid}
.summary{break-after:page}
.device{break-before:page;border:none;border-left:3pt solid var(--red);border-radius:0;padding:0 0 0 10pt;margin:0}
.device:first-of-type{break-before:auto}
.device-head{break-inside:avoid}
.kv,.flag,tr,figure{break-inside:avoid}
thead{display:table-header-group}
td.value{max-width:none}
.stats{grid-template-columns:repeat(5,1fr)}
.group{break-before:page}
a{color:#000;text-decoration:underline}
}
@media screen and (max-width:760px){body{padding:18px}.stats{grid-template-columns:repeat(2,1fr)}
.meta,.kv.two{grid-template-columns:max-content 1fr}}
`;
