/**
 * The style sheet shared by the report and the sessions page. Inline, no web fonts: the page must
 * render offline and identically everywhere. Colours: one hue per metric, red/amber for
 * critical/warning everywhere (banner, markers, badges), grey for everything that is scaffolding.
 */
export const PAGE_STYLE = `
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#f6f8fa;--card:#fff;--crit:#cf222e;--warn:#bf8700;--ok:#1a7f37;
--rss:#0969da;--cpu:#8250df;--threads:#0a7f8f;--fd:#1a7f37;--limit:#cf222e;--oom:#d1580b}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1180px;margin:0 auto;padding:20px 24px 48px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.sub{color:var(--muted)}
.banner{margin:16px 0;padding:12px 16px;border-radius:8px;border:2px solid var(--crit);background:#ffebe9;color:#82071e}
.banner strong{font-size:16px;display:block;margin-bottom:2px}
.banner.mild{border-color:var(--warn);background:#fff8c5;color:#633c01}
.banner code{white-space:pre-wrap;word-break:break-all}.banner ul.evidence{margin:4px 0 0;padding-left:18px}
.panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px}
dl.identity{display:grid;grid-template-columns:max-content 1fr max-content 1fr;gap:4px 14px;margin:0}
dl.identity dt{color:var(--muted)}dl.identity dd{margin:0;overflow-wrap:anywhere}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin-top:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card .k{color:var(--muted);font-size:12px}.card .v{font-size:20px;font-weight:600}
.card.crit .v{color:var(--crit)}.card.warn .v{color:var(--warn)}.card.ok .v{color:var(--ok)}
figure.chart{margin:0 0 6px;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:6px 8px 0}
figure.chart svg{display:block;width:100%;height:auto}
figcaption{font-size:12.5px;display:flex;gap:14px;align-items:baseline;padding:0 4px}
.chart-title{font-weight:600}.chart-note{color:var(--muted);margin-left:auto}
.key::before{content:"";display:inline-block;width:14px;height:0;border-top:2px solid currentColor;vertical-align:middle;margin-right:4px}
.key.dashed::before{border-top-style:dashed}
.key.sev-critical::before,.key.sev-warning::before{display:none}
.legend{display:flex;flex-wrap:wrap;gap:16px;color:var(--muted);font-size:12.5px;margin:0 0 8px}
svg text{font-size:11px;fill:var(--muted)}
.ylabel{text-anchor:end}.xlabel{text-anchor:middle}.tlabel{text-anchor:end;font-size:10px}
.grid{stroke:#eaeef2;stroke-width:1}.frame{fill:none;stroke:var(--line)}
.lane-row{stroke:#eaeef2;stroke-dasharray:2 3}
.line{fill:none;stroke-width:1.5;stroke-linejoin:round;vector-effect:non-scaling-stroke}
.band{stroke:none;opacity:.25}.line.dashed{stroke-dasharray:6 4}
.threshold{stroke-width:1;stroke-dasharray:3 3}
.tone-rss{stroke:var(--rss);fill:var(--rss);color:var(--rss)}.tone-cpu{stroke:var(--cpu);fill:var(--cpu);color:var(--cpu)}
.tone-threads{stroke:var(--threads);fill:var(--threads);color:var(--threads)}.tone-fd{stroke:var(--fd);fill:var(--fd);color:var(--fd)}
.tone-limit{stroke:var(--limit);fill:var(--limit);color:var(--limit)}.tone-oom{stroke:var(--oom);fill:var(--oom);color:var(--oom)}
.tone-warn{stroke:var(--warn);fill:var(--warn);color:var(--warn)}.tone-crit{stroke:var(--crit);fill:var(--crit);color:var(--crit)}
path.line{fill:none}text.tlabel{stroke:none}
.amark{stroke-width:1;opacity:.35}.amark.sev-critical{stroke:var(--crit)}.amark.sev-warning{stroke:var(--warn)}
.anomaly-marker{cursor:default}.anomaly-marker.sev-critical{fill:var(--crit);color:var(--crit)}.anomaly-marker.sev-warning{fill:var(--warn);color:var(--warn)}
.signal-marker.sev-critical{fill:var(--crit)}.signal-marker.sev-warning{fill:var(--warn)}
.key.sev-critical{color:var(--crit)}.key.sev-warning{color:var(--warn)}
.cursor{stroke:#57606a;stroke-width:1;pointer-events:none}
.lane-empty{color:var(--muted);margin:0 0 8px}
#readout{position:fixed;display:none;z-index:10;pointer-events:none;background:#fff;border:1px solid var(--line);border-radius:6px;
box-shadow:0 4px 14px rgba(0,0,0,.12);padding:8px 10px;font-size:12px;min-width:220px;max-width:360px}
#readout dl{display:grid;grid-template-columns:max-content 1fr;gap:1px 10px;margin:0}#readout dt{color:var(--muted)}#readout dd{margin:0;overflow-wrap:anywhere}
#readout .head{font-weight:600;margin-bottom:4px}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:5px 10px;border-bottom:1px solid #eaeef2;vertical-align:top}
th{background:#f6f8fa;font-weight:600;font-size:12.5px}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.nowrap{white-space:nowrap}
tr:last-child td{border-bottom:none}
.badge{display:inline-block;padding:0 7px;border-radius:10px;font-size:11.5px;font-weight:600;color:#fff}
.badge.sev-critical{background:var(--crit)}.badge.sev-warning{background:var(--warn)}.badge.sev-other{background:var(--muted)}
.badge.ok{background:var(--ok)}.badge.bad{background:var(--crit)}.badge.mid{background:var(--warn)}
.scroll{max-height:460px;overflow:auto;border-radius:8px}.scroll thead th{position:sticky;top:0}
ul.reasons{margin:6px 0 0;padding-left:18px}
.note{color:var(--muted);font-size:12.5px}
footer{margin-top:32px;color:var(--muted);font-size:12px}
`
