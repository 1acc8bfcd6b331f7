"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { formatDurationMs } from "@/app/_components/format";
import { isInternalHref } from "./links";
import { Markdown } from "./markdown";
import type { HelpAnswer, HelpQuality, HelpSource } from "./types";

const pill = "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

const GRADE_STYLE: Record<HelpQuality["grade"], string> = {
  A: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  B: "bg-lime-50 text-lime-700 ring-lime-200",
  C: "bg-amber-50 text-amber-700 ring-amber-200",
  D: "bg-orange-50 text-orange-700 ring-orange-200",
  F: "bg-rose-50 text-rose-700 ring-rose-200",
};

export function GradeBadge({ quality }: { quality: HelpQuality }) {
  const title = `Answer quality ${quality.score}/100 — relevance ${quality.relevance}, completeness ${quality.completeness}, accuracy ${quality.accuracy}, timeliness ${quality.timeliness}`;
  return (
    <span className={`${pill} ${GRADE_STYLE[quality.grade]}`} title={title} data-testid="help-grade">
      Grade {quality.grade} <span className="font-normal opacity-75">· {quality.score}</span>
    </span>
  );
}

const SOURCE_LABEL: Record<HelpSource["kind"], string> = { runbook: "Runbook", document: "Document", live: "Live data" };

const internal = (href: string | undefined): href is string => isInternalHref(href);

function Sources({ sources }: { sources: HelpSource[] }) {
  if (sources.length === 0) return null;
  return (
    <div data-testid="help-sources">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Sources</h3>
      <ul className="mt-1.5 space-y-1.5">
        {sources.map((s, i) => (
          <li key={i} className="text-sm" data-testid="help-source" data-kind={s.kind}>
            <span className="mr-1.5 rounded bg-slate-100 px-1.5 py-0.5 text-[11px] font-medium text-slate-600">{SOURCE_LABEL[s.kind]}</span>
            {internal(s.href) ? (
              <Link href={s.href} className="font-medium text-blue-700 hover:underline">
                {s.title}
              </Link>
            ) : (
              <span className="font-medium text-slate-800">{s.title}</span>
            )}
            {s.excerpt && <p className="mt-0.5 line-clamp-2 text-xs text-slate-500">{s.excerpt}</p>}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Links({ links }: { links: HelpAnswer["links"] }) {
  const shown = links.filter((l) => internal(l.href));
  if (shown.length === 0) return null;
  return (
    <div className="flex flex-wrap gap-1.5" data-testid="help-links">
      {shown.map((l) => (
        <Link key={l.href + l.label} href={l.href} className="rounded-lg bg-blue-50 px-2.5 py-1 text-xs font-medium text-blue-700 ring-1 ring-inset ring-blue-200 hover:bg-blue-100">
          {l.label} →
        </Link>
      ))}
    </div>
  );
}

function ThumbIcon({ down }: { down: boolean }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" className={`h-4 w-4 ${down ? "rotate-180" : ""}`} aria-hidden="true">
      <path d="M7 10v11H4a1 1 0 01-1-1v-9a1 1 0 011-1h3zm0 0l4-8a3 3 0 013 3v4h5.5a2 2 0 012 2.3l-1.4 8A2 2 0 0117.1 21H7" />
    </svg>
  );
}

/** Thumbs up/down; the selected one stays pressed (and survives a reload: it is stored). */
export function Feedback({ messageId, initial }: { messageId: string; initial: "up" | "down" | null }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [rating, setRating] = useState(initial);
  const send = useMutation(
    trpc.help.feedback.mutationOptions({
      onMutate: (v) => {
        const previous = rating;
        setRating(v.rating);
        return { previous };
      },
      onError: (_e, _v, ctx) => setRating(ctx?.previous ?? null),
      onSettled: () => qc.invalidateQueries({ queryKey: trpc.help.conversation.queryKey() }),
    }),
  );
  const btn = (value: "up" | "down", label: string) => (
    <button
      type="button"
      aria-label={label}
      aria-pressed={rating === value}
      title={label}
      disabled={send.isPending}
      onClick={() => send.mutate({ messageId, rating: value })}
      className={`rounded-md px-2 py-1 text-sm ring-1 ring-inset transition-colors disabled:opacity-60 ${
        rating === value ? (value === "up" ? "bg-emerald-50 text-emerald-700 ring-emerald-300" : "bg-rose-50 text-rose-700 ring-rose-300") : "bg-white text-slate-500 ring-slate-200 hover:bg-slate-50"
      }`}
    >
      <ThumbIcon down={value === "down"} />
    </button>
  );
  return (
    <div className="flex items-center gap-1.5" data-testid="help-feedback" data-rating={rating ?? ""}>
      <span className="mr-1 text-xs text-slate-400">Was this helpful?</span>
      {btn("up", "Helpful")}
      {btn("down", "Not helpful")}
      {send.error && (
        <span role="alert" className="text-xs text-rose-600">
          Could not save: {send.error.message}
        </span>
      )}
    </div>
  );
}

/** A finished answer: text, where it came from, where to go next, and how good it is. */
export function AnswerBody({ answer, feedback }: { answer: HelpAnswer; feedback: "up" | "down" | null }) {
  return (
    <div className="space-y-4" data-testid="help-answer" data-message-id={answer.messageId}>
      <div className="flex flex-wrap items-center gap-1.5 text-xs">
        <GradeBadge quality={answer.quality} />
        <span className={`${pill} bg-slate-50 text-slate-600 ring-slate-200`}>{answer.category}</span>
        <span className="text-slate-500" data-testid="help-confidence">
          Confidence {Math.round(answer.confidence * 100)}%
        </span>
        <span className="text-slate-300">·</span>
        <span className="text-slate-500">{formatDurationMs(answer.durationMs)}</span>
        {answer.mode === "llm" && <span className={`${pill} bg-violet-50 text-violet-700 ring-violet-200`}>LLM</span>}
      </div>
      <Markdown text={answer.answer} />
      <Links links={answer.links} />
      <Sources sources={answer.sources} />
      <div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-100 pt-3">
        <Feedback messageId={answer.messageId} initial={feedback} />
        <span className="text-xs text-slate-400" data-testid="help-business-value" title="Estimated time saved × the configured hourly rate">
          Saves ~{answer.businessValue.minutesSaved} min · ${answer.businessValue.usd}
        </span>
      </div>
    </div>
  );
}
