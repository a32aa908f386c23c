#include "serve/dashboard_page.h"

namespace sluice {

// Kept inline so the binary serves its page with no files beside it.
const char* const kDashboardPage = R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sluice</title>
<style>
 body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
 h1{margin:0 0 .2rem} .sub{color:#666;margin-bottom:1.5rem}
 .cards{display:flex;gap:1rem;flex-wrap:wrap}
 .card{border:1px solid #ddd;border-radius:8px;padding:1rem 1.4rem;min-width:9rem}
 .card b{display:block;font-size:1.8rem} table{border-collapse:collapse;margin-top:1.5rem}
 td,th{border-bottom:1px solid #eee;padding:.3rem .8rem;text-align:left}
 .err{color:#b00}
</style></head><body>
<h1>sluice</h1><div class="sub" id="sub">connecting...</div>
<div class="cards">
 <div class="card">fetched<b id="fetched">-</b></div>
 <div class="card">stored<b id="stored">-</b></div>
 <div class="card">quarantined<b id="quarantined">-</b></div>
 <div class="card">lag<b id="lag">-</b></div>
 <div class="card">records/s<b id="rate">-</b></div>
</div>
<table><thead><tr><th>rule</th><th>failures</th></tr></thead><tbody id="rules"></tbody></table>
<p>Metrics: <a href="/metrics">/metrics</a> &middot; status JSON: <a href="/api/v1/status">/api/v1/status</a></p>
<script>
let last=null;
async function tick(){
 try{
  const s=await (await fetch('/api/v1/status')).json();
  document.getElementById('sub').textContent=`pipeline ${s.pipeline} \u00b7 data in ${s.sink}`+(s.last_error?` \u00b7 last error: ${s.last_error}`:'');
  for(const k of ['fetched','stored','quarantined','lag'])document.getElementById(k).textContent=s[k];
  const now=Date.now(), done=s.stored+s.quarantined;
  if(last){document.getElementById('rate').textContent=Math.round((done-last.done)*1000/(now-last.t));}
  last={t:now,done};
  document.getElementById('rules').innerHTML=Object.entries(s.rule_failures||{}).map(([r,n])=>`<tr><td>${r}</td><td>${n}</td></tr>`).join('');
 }catch(e){document.getElementById('sub').innerHTML='<span class="err">not reachable</span>';}
}
tick();setInterval(tick,1000);
</script></body></html>
)HTML";

}  // namespace sluice
