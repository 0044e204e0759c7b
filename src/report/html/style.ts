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
.cover{min-height:88vh;display:flex;flex-direction:column;justify-content:center;border-top:6px solid var(--accent);border-bottom:4px solid var(--accent);padding:28px 36px 28px;margin:0 -12px 12px;background:#fff}
.cover h1{font-size:34px;margin:6px 0 6px}
.subtitle{color:var(--muted);font-size:16px;margin:0 0 18px;max-width:44em}
.cover-site{font-size:22px;font-weight:600;margin:0 0 20px;color:var(--accent)}
.cover-meta{display:grid;grid-template-columns:max-content 1fr;gap:6px 24px;margin:8px 0 24px;font-size:15px}
.cover-meta dt{color:var(--muted);font-weight:600}
.cover-meta dd{margin:0;overflow-wrap:anywhere}
.contents{margin:0 0 20px;font-size:14px}
.contents ol{margin:4px 0 0;padding-left:22px;columns:2}
.cover-note{font-size:12px;color:var(--muted);border-top:1px solid var(--line);padding-top:10px;margin-top:auto}
.policy-para{margin:6px 0}
.policy-group{margin:10px 0 6px}
.policy-group h3{margin:16px 0 2px;display:flex;gap:10px;align-items:baseline}
.policy-group .count{font-size:12px;font-weight:600;color:var(--red)}
.policy-meta{margin:0 0 4px;font-size:12px;color:var(--muted);overflow-wrap:anywhere}
.policy-line{font-weight:600}
.chips .under{color:var(--muted)}
.facts{display:flex;flex-wrap:wrap;gap:2px 18px;margin:6px 0 0}
.facts div{display:flex;gap:6px}
.facts dt{color:var(--muted);font-weight:600}
.facts dd{margin:0;overflow-wrap:anywhere}
.chips{list-style:none;margin:2px 0 6px;padding:0;display:flex;flex-wrap:wrap;gap:3px 14px;font-size:13px}
.card-foot{border-top:1px dashed var(--line);padding-top:4px;margin:6px 0 0}
.sep{color:var(--muted);margin:0 4px}
.reasons{margin:2px 0 4px;font-size:12px}
.chain-evidence{table-layout:fixed}
.c-field{width:29%}.c-value{width:35%}.c-sig{width:36%}
.chain-evidence td.value{max-width:360px}
.rref{display:inline-block;font-size:11px;font-weight:700;padding:0 5px;border:1px solid var(--accent);border-radius:4px;text-decoration:none}
.remedy{border:1px solid var(--line);border-radius:6px;padding:4px 14px 8px;margin:10px 0}
.remedy h3{margin:8px 0 2px}
.remedy .when{margin:0;color:var(--muted)}
.remedy ul{margin:4px 0;padding-left:20px}
.applies{margin:4px 0 0;font-size:13px}
.code{font-family:ui-monospace,Menlo,Consolas,monospace;color:var(--accent);font-weight:700}
.signoff .sign-block{margin:22px 0 8px;max-width:560px}
.sign-row{display:flex;align-items:flex-end;gap:12px;margin:18px 0}
.sign-label{width:90px;color:var(--muted);font-weight:600}
.sign-line{flex:1;border-bottom:1px solid var(--ink);min-height:22px;padding:0 4px}
.chain{border-top:1px solid var(--line);padding:4px 0 6px;margin:8px 0}
.chain h3{margin:6px 0 2px;font-size:14px}
.chain .headline{margin:0 0 2px}
.chain h4{margin:6px 0 2px}
.chain table.evidence{font-size:11px}
.chain table.evidence td{padding:2px 6px}
.badge.unverified{color:var(--amber);background:var(--amber-bg)}
.badge.clear{color:var(--green);background:var(--green-bg)}
.policies{padding-left:18px;font-size:12px}
.policies .scope{color:var(--muted)}
footer{margin-top:40px;padding-top:10px;border-top:1px solid var(--line);font-size:12px;color:var(--muted)}
@page{size:A4;margin:11mm 11mm 12mm}
@media print{
html,body{background:none}
body{max-width:none;padding:0;font-size:8.5pt;line-height:1.35;color:#000}
*{-webkit-print-color-adjust:economy;print-color-adjust:economy}
.callout,.flag,.badge{background:none}
h2{break-after:avoid;margin-top:18pt}
h3,h4{break-after:avoid}
.cover{min-height:0;height:250mm;break-after:page;border-bottom:none;border-top:none;margin:0;padding:0}
.signoff{break-before:page;break-after:page}
.device{border:none;border-left:3pt solid var(--red);border-radius:0;padding:0 0 0 8pt;margin:8pt 0;break-inside:avoid}
.device-head{break-inside:avoid;padding:2pt 0 4pt}
.device-head h3{font-size:11pt}
.device-head .headline{flex-basis:auto}
.policy-meta{font-size:7.5pt}
.kv{margin-top:4pt}
.kv,.flag,tr,figure,.remedy,.policy-para,.sign-block,.policy-group{break-inside:avoid}
#unverified,#other-hosts,#clear,#errors{break-inside:avoid}
.chain h3,.chain .headline{break-after:avoid}
thead{display:table-header-group}
table{font-size:8pt}
th{font-size:7pt;padding:3pt 5pt}
td{padding:2pt 5pt}
.chain table.evidence{font-size:6.8pt;line-height:1.25}
.chain table.evidence td{padding:.5pt 3pt}
.chain table.evidence th{padding:1pt 3pt;font-size:6pt}
.chain{margin:3pt 0;padding:2pt 0 2pt}
.chain p{margin:1pt 0}
.chain table{margin:2pt 0 1pt}
.chain .badge{font-size:7pt;padding:0 5pt;vertical-align:1pt}
.chain h3{font-size:10pt;margin:3pt 0 1pt}
.chain h4{margin:3pt 0 1pt}
.reasons{font-size:7.5pt;line-height:1.35}
.device .kv{gap:1pt 12pt}
.chips{font-size:8.5pt}
.remedy{padding:2pt 10pt 4pt;margin:6pt 0}
.remedy ul{font-size:8.5pt}
.applies{font-size:8pt}
td.value{max-width:none}
.stats{grid-template-columns:repeat(5,1fr)}
.stat .n{font-size:18pt}
.chart svg{max-height:42mm;width:auto}
a{color:#000;text-decoration:underline}
footer{display:none}
.remediation .remedy{display:inline-block;vertical-align:top;width:49%;margin:3pt 0}
.remediation .remedy:nth-of-type(odd){margin-right:1.5%}
.remedy h3{font-size:9.5pt}
.remedy .when{font-size:8pt}
.rref{text-decoration:none;border-color:#000}
}
@media screen and (max-width:760px){body{padding:18px}.stats{grid-template-columns:repeat(2,1fr)}
.meta,.kv.two{grid-template-columns:max-content 1fr}}
`;
