"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useTRPC, type RouterOutputs } from "@/app/_components/trpc";
import { ErrorState, RelativeTime, SkeletonRows } from "@/app/_components/ui";
import { AnswerBody } from "./answer";
import { Composer } from "./composer";
import { ConversationList } from "./conversation-list";
import { Markdown } from "./markdown";
import { CollapsedSteps, StepList } from "./steps";
import { applyEvent, ChatHttpError, foldSteps, streamChat, type Turn } from "./stream";

type Message = RouterOutputs["help"]["conversation"]["messages"][number];

const STARTER_QUESTIONS = [
  "Why is the health score what it is?",
  "Which agent failed last night and what did Vigil do?",
  "What did LLM calls cost this week and how can I cut it?",
  "Are any agents missing heartbeats right now?",
];

function UserBubble({ text }: { text: string }) {
  return (
    <div className="flex justify-end" data-testid="help-question">
      <p className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-br-md bg-blue-600 px-4 py-2 text-sm text-white shadow-sm">{text}</p>
    </div>
  );
}

function AssistantCard({ children, testId = "help-turn" }: { children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0 rounded-2xl rounded-bl-md border border-slate-200 bg-white p-4 shadow-sm sm:p-5" data-testid={testId}>
      {children}
    </div>
  );
}

function StoredMessage({ m }: { m: Message }) {
  if (m.role === "user") return <UserBubble text={m.content} />;
  const steps = foldSteps(m.steps);
  return (
    <AssistantCard>
      <div className="space-y-3">
        <CollapsedSteps steps={steps} />
        {m.answer ? (
          <AnswerBody answer={m.answer} feedback={m.feedback} />
        ) : (
          // A turn that failed is stored with its error instead of an answer.
          <div className="rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" data-testid="help-stored-error">
            <p className="font-medium">Not answered</p>
            <p className="mt-0.5 whitespace-pre-line break-words text-rose-700">{m.content}</p>
          </div>
        )}
      </div>
    </AssistantCard>
  );
}

function LiveTurn({ turn, onRetry }: { turn: Turn; onRetry: () => void }) {
  return (
    <>
      <UserBubble text={turn.question} />
      <AssistantCard>
        <div className="space-y-3" data-status={turn.status} data-testid="help-live-turn">
          {turn.status === "streaming" ? (
            <>
              <p className="flex items-center gap-2 text-xs font-medium text-blue-700">
                <span className="inline-block h-2 w-2 animate-pulse rounded-full bg-blue-600" aria-hidden="true" />
                Vigil is working on it…
              </p>
              <StepList steps={turn.steps} live />
              {turn.draft && <Markdown text={turn.draft} className="border-t border-slate-100 pt-3" />}
            </>
          ) : (
            // Just answered here: the steps stay open; stored answers show them folded.
            <CollapsedSteps steps={turn.steps} open />
          )}
          {turn.answer && <AnswerBody answer={turn.answer} feedback={null} />}
          {turn.status === "error" && (
            <div role="alert" className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" data-testid="help-error">
              <span className="min-w-0 break-words">{turn.error}</span>
              <button type="button" onClick={onRetry} className="rounded-md bg-white px-3 py-1 text-xs font-semibold text-rose-700 ring-1 ring-rose-300 hover:bg-rose-100">
                Retry
              </button>
            </div>
          )}
        </div>
      </AssistantCard>
    </>
  );
}

function Starters({ onPick }: { onPick: (q: string) => void }) {
  return (
    <div className="rounded-2xl border border-dashed border-slate-300 bg-white/60 px-4 py-8 text-center sm:px-8" data-testid="help-empty">
      <h2 className="text-base font-semibold text-slate-900">Ask Vigil about your fleet</h2>
      <p className="mx-auto mt-1 max-w-md text-sm text-slate-500">
        Answers come from the live state of your agents, incidents, metrics and costs, plus the runbooks and documents in the{" "}
        <Link href="/help/knowledge" className="text-blue-700 hover:underline">
          knowledge base
        </Link>
        .
      </p>
      <ul className="mx-auto mt-5 grid max-w-2xl gap-2 sm:grid-cols-2">
        {STARTER_QUESTIONS.map((q) => (
          <li key={q}>
            <button type="button" onClick={() => onPick(q)} className="h-full w-full rounded-xl bg-white px-4 py-3 text-left text-sm text-slate-700 shadow-sm ring-1 ring-slate-200 hover:bg-blue-50 hover:ring-blue-200">
              {q}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ConversationNotFound() {
  return (
    <div className="rounded-2xl border border-slate-200 bg-white px-6 py-12 text-center shadow-sm" data-testid="help-not-found" role="alert">
      <h2 className="text-lg font-semibold text-slate-900">Conversation not found</h2>
      <p className="mt-1 text-sm text-slate-500">It was deleted, or it belongs to someone else: conversations are private to the user who started them.</p>
      <Link href="/help" className="mt-5 inline-block rounded-lg bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-500">
        Start a new conversation
      </Link>
    </div>
  );
}

let nextTurnKey = 1;

/** One conversation: stored messages (if any), this page's new turns streaming in, the composer. */
function Chat({ initialId, onConversation }: { initialId: string | undefined; onConversation: (id: string) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const conv = useQuery({
    ...trpc.help.conversation.queryOptions({ id: initialId ?? "" }),
    enabled: !!initialId,
    // New turns are appended locally as they stream; a background refetch would only reshuffle them.
    refetchInterval: false,
    refetchOnWindowFocus: false,
  });
  const [turns, setTurns] = useState<Turn[]>([]);
  const conversationId = useRef(initialId);
  const abort = useRef<AbortController | null>(null);
  const bottom = useRef<HTMLDivElement>(null);
  const streaming = turns.some((t) => t.status === "streaming");

  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    if (turns.length) bottom.current?.scrollIntoView({ block: "end", behavior: "smooth" });
  }, [turns]);

  const ask = useCallback(
    async (question: string) => {
      const key = nextTurnKey++;
      const update = (f: (t: Turn) => Turn) => setTurns((ts) => ts.map((t) => (t.key === key ? f(t) : t)));
      setTurns((ts) => [...ts, { key, question, steps: [], draft: "", answer: null, error: null, status: "streaming" }]);
      const ac = new AbortController();
      abort.current = ac;
      try {
        await streamChat({
          question,
          conversationId: conversationId.current,
          signal: ac.signal,
          onEvent: (e) => {
            if (e.type === "agent_started") conversationId.current = e.conversationId;
            if (e.type === "agent_completed") {
              // A new conversation gets its own address once answered; replaceState keeps this
              // component (and the streamed state) mounted while the URL changes.
              if (!initialId && window.location.pathname !== `/help/${e.conversationId}`) {
                window.history.replaceState(null, "", `/help/${encodeURIComponent(e.conversationId)}`);
              }
              onConversation(e.conversationId);
              void qc.invalidateQueries({ queryKey: trpc.help.conversations.queryKey() });
              // Stale for the next visit; not refetched now (the streamed turn is already on screen).
              void qc.invalidateQueries({ queryKey: trpc.help.conversation.queryKey({ id: e.conversationId }), refetchType: "none" });
            }
            update((t) => applyEvent(t, e));
          },
        });
        update((t) => (t.status === "streaming" ? { ...t, status: "error", error: "The answer stream ended before the answer arrived." } : t));
      } catch (err) {
        if (ac.signal.aborted) return;
        if (err instanceof ChatHttpError && err.status === 401) {
          window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
          return;
        }
        const message = err instanceof ChatHttpError ? err.message : "The server could not be reached. Check your connection and retry.";
        update((t) => ({ ...t, status: "error", error: message }));
      }
    },
    [initialId, onConversation, qc, trpc],
  );

  const retry = (turn: Turn) => {
    setTurns((ts) => ts.filter((t) => t.key !== turn.key));
    void ask(turn.question);
  };

  if (initialId && conv.error?.data?.code === "NOT_FOUND") return <ConversationNotFound />;
  if (initialId && !conv.data) {
    return conv.error ? <ErrorState error={conv.error} what="the conversation" onRetry={() => void conv.refetch()} /> : <SkeletonRows rows={6} />;
  }

  // Turns answered here and already in the stored messages (after a refetch) are shown once.
  const stored = conv.data?.messages ?? [];
  const storedIds = new Set(stored.map((m) => m.answer?.messageId ?? m.id));
  const live = turns.filter((t) => !t.answer || !storedIds.has(t.answer.messageId));
  const empty = stored.length === 0 && live.length === 0;

  return (
    <section className="flex min-w-0 flex-col gap-4" aria-label="Conversation" data-testid="help-chat">
      {conv.data && (
        <header className="min-w-0">
          <h2 className="truncate text-base font-semibold text-slate-900" data-testid="help-conversation-title">
            {conv.data.title}
          </h2>
          <p className="text-xs text-slate-400">
            Started <RelativeTime iso={conv.data.createdAt} />
          </p>
        </header>
      )}
      {empty ? (
        <Starters onPick={(q) => void ask(q)} />
      ) : (
        <div className="flex flex-col gap-4" data-testid="help-messages">
          {stored.map((m) => (
            <StoredMessage key={m.id} m={m} />
          ))}
          {live.map((t) => (
            <LiveTurn key={t.key} turn={t} onRetry={() => retry(t)} />
          ))}
        </div>
      )}
      <div ref={bottom} className="scroll-mb-40" aria-hidden="true" />
      <div className="sticky bottom-0 -mx-1 bg-slate-50/90 px-1 pb-2 pt-1 backdrop-blur">
        <Composer onSend={(q) => void ask(q)} busy={streaming} autoFocus />
      </div>
    </section>
  );
}

/** The conversation id in a /help/<id> path. */
function idInPath(pathname: string | null): string | undefined {
  const m = /^\/help\/([^/]+)$/.exec(pathname ?? "");
  return m && m[1] !== "knowledge" ? decodeURIComponent(m[1]!) : undefined;
}

/** The help page: conversation list beside the chat (`/help` = new, `/help/<id>` = continue). */
export function HelpChatPage({ conversationId, missing = false }: { conversationId?: string; missing?: boolean }) {
  const pathname = usePathname();
  // A new chat replaces its URL with /help/<id> once answered; going back to that history entry
  // later renders this /help page again, at /help/<id>: open that conversation, not a blank chat.
  const [baseId, setBaseId] = useState(() => conversationId ?? idInPath(pathname));
  const [activeId, setActiveId] = useState(baseId);
  const [fresh, setFresh] = useState(0);
  // "New conversation" from /help/<id> is a route change that mounts a fresh /help page. Only the
  // /help page itself (possibly at its replaced /help/<id> URL, which Next treats as the same
  // page) has to reset in place; resetting here too would briefly show a chat about to vanish.
  const onNew = useCallback(() => {
    if (conversationId !== undefined) return;
    setBaseId(undefined);
    setActiveId(undefined);
    setFresh((n) => n + 1);
  }, [conversationId]);
  return (
    <div className="grid gap-6 lg:grid-cols-[16rem_minmax(0,1fr)]">
      <ConversationList activeId={activeId} onNew={onNew} />
      <div className="min-w-0">
        {missing ? <ConversationNotFound /> : <Chat key={`${baseId ?? "new"}:${fresh}`} initialId={baseId} onConversation={setActiveId} />}
      </div>
    </div>
  );
}
