/**
 * Sections of a deterministic answer (pure): each writes paragraphs into a Draft from live data,
 * records the figures it states as facts, and links the dashboard page that shows them.
 */
import type { AnomalyDto } from "../anomalies/service";
import type { IncidentDto } from "../incidents/service";
import { formatDuration } from "../health-score/score";
import type { AgentPerformance, SystemContext } from "./context";
import type { AgentLookup, CostsResult } from "./tools";
import { agentHref, incidentHref, type Draft } from "./draft";
import { joinMd, md, type Md } from "./markdown";

const r0 = (n: number) => Math.round(n);
const r1 = (n: number) => Math.round(n * 10) / 10;
const hhmm = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export function healthSection(d: Draft, ctx: SystemContext): void {
  const h = ctx.health;
  d.para(md`System health is **${h.score}/100 (${h.status})**. ${h.explanation}`);
  d.fact(h.score, h.status);
  d.bullets(h.factors.map((f) => md`${f.label}: **${f.score}** — ${f.detail}`));
  for (const f of h.factors) d.fact(f.score);
  const low = ctx.agents.filter((a) => a.healthScore !== null && (a.state === "active" || a.state === "late")).sort((a, b) => (a.healthScore ?? 0) - (b.healthScore ?? 0)).slice(0, 3);
  if (low.length) {
    const lowest = low.map((a) => {
      const w = weakest(a.health?.factors);
      return md`${d.link(a.id, agentHref(a.id))} ${r0(a.healthScore ?? 0)}${w ? md` (weakest factor: ${w})` : ""}`;
    });
    d.para(md`Lowest-scoring reporting agents: ${joinMd(lowest, ", ")}.`);
    for (const a of low) d.fact(a.id, r0(a.healthScore ?? 0));
  }
  if (h.agentFactors?.some((f) => f.score !== null)) {
    const averaged = h.agentFactors.filter((f) => f.score !== null).map((f) => md`${f.label} ${f.score}`);
    d.para(md`Per-agent factors averaged over the fleet (weights heartbeat 30 %, performance 25 %, errors 20 %, resources 15 %, business impact 10 %): ${joinMd(averaged, ", ")}.`);
  }
  d.link("Overview", "/");
  d.live("System health", "/", h.explanation);
}

function weakest(factors: readonly { label: string; score: number | null; detail: string }[] | undefined): string | null {
  const scored = (factors ?? []).filter((f) => f.score !== null);
  if (!scored.length) return null;
  const w = scored.reduce((m, f) => ((f.score ?? 100) < (m.score ?? 100) ? f : m));
  return (w.score ?? 100) >= 90 ? null : `${w.label} ${r0(w.score ?? 0)}: ${w.detail}`;
}

export function rosterLine(d: Draft, ctx: SystemContext): void {
  const r = ctx.health.roster;
  d.para(md`Roster: **${r.expected}** expected, **${r.registered}** registered, **${r.active}** active.`);
  d.fact(r.expected, r.registered, r.active);
  if (r.missing.length) {
    d.bullets(r.missing.slice(0, 8).map((m) => md`${d.link(m.agentId, agentHref(m.agentId))} — ${m.state}: ${m.reason}`));
    for (const m of r.missing.slice(0, 8)) d.fact(m.agentId, m.state);
  }
  const byState = new Map<string, number>();
  for (const a of ctx.agents) byState.set(a.state, (byState.get(a.state) ?? 0) + 1);
  const states = [...byState].map(([s, n]) => md`${n} ${s}`);
  d.para(md`All ${ctx.agents.length} agents by state: ${joinMd(states, ", ")}.${ctx.uptime.workerSeconds !== null ? md` Worker up for ${formatDuration(ctx.uptime.workerSeconds)}.` : ""}`);
  d.link("Agents", "/agents");
  d.live("Agents", "/agents");
}

export function agentSection(d: Draft, l: AgentLookup, ctx: SystemContext): void {
  const a = l.agent;
  if (!a) return;
  const since = Math.max(0, Math.round((ctx.now.getTime() - new Date(a.stateChangedAt).getTime()) / 1000));
  const hb = a.lastHeartbeatAt ? `last heartbeat ${formatDuration(Math.max(0, Math.round((ctx.now.getTime() - new Date(a.lastHeartbeatAt).getTime()) / 1000)))} ago` : "never sent a heartbeat";
  const score: Md = a.healthScore === null ? md`not scored yet` : md`health **${r0(a.healthScore)}/100${a.healthStatus ? md` (${a.healthStatus})` : ""}**${a.healthTrend ? md`, ${a.healthTrend}` : ""}`;
  d.para(md`${d.link(a.id, agentHref(a.id))} (${a.name}, ${a.kind}) is **${a.state}** for ${formatDuration(since)}; ${score}; ${hb} (interval ${a.heartbeatIntervalSeconds} s + grace ${a.graceSeconds} s).`);
  d.fact(a.id, a.state);
  if (a.healthScore !== null) d.fact(r0(a.healthScore));
  const factors = a.health?.factors ?? [];
  if (factors.length) {
    d.bullets(factors.map((f) => md`${f.label} (${r0(f.weight * 100)} %): ${f.score === null ? "no data" : md`**${r0(f.score)}**`} — ${f.detail}`));
    for (const f of factors) if (f.score !== null) d.fact(r0(f.score));
    if (a.health?.note) d.para(md`${a.health.note}`);
  }
  const perf = l.performance.slice(0, 4);
  if (perf.length) d.para(md`Last hour: ${joinMd(perf.map((p) => md`${p.metric} avg ${r1(p.avg)}${p.unit ? md` ${p.unit}` : ""} (max ${r1(p.max)})`), ", ")}.`);
  for (const p of perf) d.fact(r1(p.avg));
  const notable = l.events.filter((e) => e.severity !== "debug" && e.severity !== "info").slice(0, 3);
  if (notable.length) {
    d.para(md`Recent ${a.id} events:`);
    d.bullets(notable.map((e) => md`${hhmm(e.timestamp)} ${e.severity} ${e.type}: ${e.message}`));
  }
  d.live(`Agent ${a.id}`, agentHref(a.id), `${a.state}, health ${a.healthScore === null ? "n/a" : r0(a.healthScore)}`);
}

/** An incident's story: what was detected, each recovery attempt, rollbacks, the outcome. */
export function incidentSection(d: Draft, incidents: readonly IncidentDto[], max: number): void {
  if (!incidents.length) {
    d.para(md`No incidents were recorded for it in the window.`);
    return;
  }
  for (const inc of incidents.slice(0, max)) {
    const rolledBack = inc.actions.filter((x) => x.status === "rolled_back");
    const outcome = inc.status === "resolved" ? `resolved ${inc.closedAt ? hhmm(inc.closedAt) : ""}` : inc.status === "escalated" ? "escalated to a human (recovery exhausted)" : `still ${inc.status}`;
    const attempts = md`${inc.actions.length} recovery attempt(s)${rolledBack.length ? md`, ${rolledBack.length} rolled back` : ""}.${inc.resolution ? md` ${inc.resolution}` : ""}`;
    d.para(md`${d.link(`Incident #${inc.id}`, incidentHref(inc.id))} — **${inc.title}** (${inc.typeLabel}, ${inc.severity}) on ${inc.agentId ? md`**${inc.agentId}**` : "the system"}, detected ${hhmm(inc.detectedAt)}: ${outcome}. ${attempts}`);
    d.fact(inc.id, inc.severity, inc.status, inc.actions.length);
    if (inc.agentId) d.fact(inc.agentId);
    if (rolledBack.length) d.fact("rolled back");
    const steps = inc.timeline.filter((s) => s.kind !== "plan_detail").slice(0, 8);
    d.bullets(steps.map((s) => md`${s.at.slice(11, 19)} ${s.kind.replace(/_/g, " ")}: ${s.message}`));
    for (const x of inc.actions) d.fact(x.action, x.recoveryType);
    if (inc.businessValue && inc.status === "resolved") {
      d.para(md`Value preserved by the automatic recovery: **$${inc.businessValue.valuePreservedUsd.replace(/0{1,4}$/, "")}** (${inc.businessValue.minutesSaved} minutes saved against a manual response).`);
    }
    d.live(`Incident #${inc.id}`, incidentHref(inc.id), `${inc.title}: ${inc.status}`);
  }
  if (incidents.length > max) d.para(md`…and ${incidents.length - max} more on ${d.link("Incidents", "/incidents")}.`);
  else d.link("Incidents", "/incidents");
}

export function anomalySection(d: Draft, anomalies: readonly AnomalyDto[], max = 5): void {
  if (!anomalies.length) {
    d.para(md`No anomalies were detected in the last 24 hours.`);
    return;
  }
  const top = [...anomalies].sort((a, b) => b.score - a.score).slice(0, max);
  d.para(md`${anomalies.length} anomal${anomalies.length === 1 ? "y" : "ies"} in the last 24 hours; the strongest:`);
  d.bullets(
    top.map(
      (a) =>
        md`**${a.agentId}** ${a.metric} = ${r1(a.value)}${a.expected !== null ? md` (expected ≈ ${r1(a.expected)})` : ""}, score ${r1(a.score)}${a.zScore !== null ? md`, z ${r1(a.zScore)}` : ""}, **${a.severity}** — ${a.reason} (${hhmm(a.detectedAt)})`,
    ),
  );
  for (const a of top) d.fact(a.agentId, a.metric, r1(a.value), a.severity, r1(a.score));
  d.link("Performance", "/performance");
  d.live("Anomalies", "/performance", `${anomalies.length} in 24 h`);
}

export function performanceSection(d: Draft, perf: readonly AgentPerformance[]): void {
  const latency = perf.filter((p) => /response_time|latency/.test(p.metric)).sort((a, b) => b.avg - a.avg).slice(0, 3);
  const cpu = perf.filter((p) => p.metric === "cpu_usage").sort((a, b) => b.avg - a.avg).slice(0, 3);
  const mem = perf.filter((p) => p.metric === "memory_usage").sort((a, b) => b.avg - a.avg).slice(0, 3);
  const err = perf.filter((p) => p.metric === "error_rate").sort((a, b) => b.avg - a.avg).slice(0, 3);
  const lines: Md[] = [];
  const fmt = (ps: AgentPerformance[]) => joinMd(ps.map((p) => md`**${p.agentId}** ${r1(p.avg)}${p.unit ? md` ${p.unit}` : ""} (max ${r1(p.max)}, ${p.samples} samples)`), ", ");
  if (latency.length) lines.push(md`Slowest (avg response time, last hour): ${fmt(latency)}`);
  if (cpu.length) lines.push(md`Highest CPU: ${fmt(cpu)}`);
  if (mem.length) lines.push(md`Highest memory: ${fmt(mem)}`);
  if (err.length) lines.push(md`Highest error rate: ${fmt(err)}`);
  for (const p of [...latency, ...cpu, ...mem, ...err]) d.fact(p.agentId, r1(p.avg));
  if (lines.length) d.bullets(lines);
  else d.para(md`No performance metrics were reported in the last hour.`);
}

export function costSection(d: Draft, c: CostsResult, question: string): void {
  const l = c.llm;
  d.para(md`LLM spend: **$${l.spend.today}** today, **$${l.spend.last7d}** in the last 7 days (${l.runs.last7d} runs), **$${l.spend.last30d}** over 30 days.${l.trends.costChangePct !== null ? md` Week over week: ${l.trends.costChangePct > 0 ? md`+` : ""}${l.trends.costChangePct} %.` : ""}`);
  d.fact(l.spend.today, l.spend.last7d, l.spend.last30d, l.runs.last7d);
  if (l.byModel.length) {
    d.para(md`By model (30 days):`);
    d.bullets(l.byModel.slice(0, 5).map((m) => md`**${m.model}**: $${m.cost} over ${m.runs} runs (${m.inputTokens.toLocaleString("en-US")} in / ${m.outputTokens.toLocaleString("en-US")} out tokens${m.avgLatencyMs !== null ? md`, avg ${m.avgLatencyMs} ms` : ""})`));
    for (const m of l.byModel.slice(0, 5)) d.fact(m.model, m.cost, m.runs);
  }
  if (l.unpricedRuns) d.para(md`${l.unpricedRuns} run(s) have no price for their model: add one in Settings → model prices so they are costed.`);
  if (l.recommendations.length) {
    d.para(/cut|reduce|save|cheaper|lower/i.test(question) ? md`To cut it:` : md`Savings recommendations:`);
    d.bullets(l.recommendations.slice(0, 4).map((r) => md`${r.title} — ${r.detail} Saves **$${r.savingsInWindow}** over the window ($${r.savingsPer1kConversations} per 1,000 conversations), ${r.affectedRuns} runs affected.`));
    for (const r of l.recommendations.slice(0, 4)) d.fact(r.model, r.savingsInWindow);
  } else if (/cut|reduce|save|cheaper|lower/i.test(question)) {
    d.para(md`The LLM report found no routing or caching saving in the current runs: every model is priced and no cheaper model fits the short calls.`);
  }
  const infra = c.infra;
  if (infra.agents.length) {
    const usd = (m: number) => (m / 1_000_000).toFixed(4);
    d.para(md`Infrastructure (last ${c.hours} h, rates CPU $${usd(infra.rates.cpuCoreHourMicros)}/core-h, memory $${usd(infra.rates.memoryGbHourMicros)}/GB-h): **$${usd(infra.totals.totalMicros)}** total, $${usd(infra.totals.perHourMicros)}/h.`);
    const opp = infra.opportunities.filter((o) => o.roi > 0).slice(0, 3);
    if (opp.length) d.bullets(opp.map((o) => md`**${o.agentId}**: ${o.title} — saves $${usd(o.savingsPerHourMicros)}/h, ROI ${r0(o.roi * 100)} %`));
    for (const o of opp) d.fact(o.agentId);
  }
  d.link("LLM", "/llm");
  d.link("Performance (cost analysis)", "/performance");
  d.live("LLM report", "/llm", `$${l.spend.last7d} in 7 days`);
}
