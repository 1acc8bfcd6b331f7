"use client";

import { useEffect, useRef, useState } from "react";
import { MAX_QUESTION_CHARS } from "@/server/help/contract";

/** Question box: Enter sends, Shift+Enter adds a line; disabled while an answer is streaming. */
export function Composer({ onSend, busy, autoFocus = false }: { onSend: (question: string) => void; busy: boolean; autoFocus?: boolean }) {
  const [text, setText] = useState("");
  const ref = useRef<HTMLTextAreaElement>(null);
  const question = text.trim();
  const tooLong = question.length > MAX_QUESTION_CHARS;
  const canSend = !busy && question.length > 0 && !tooLong;

  // Back to the box once an answer is in (not on first render: on a phone that pops the keyboard up).
  const wasBusy = useRef(busy);
  useEffect(() => {
    if (wasBusy.current && !busy && autoFocus) ref.current?.focus();
    wasBusy.current = busy;
  }, [busy, autoFocus]);

  // Grow with the text up to a few lines, then scroll.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 192)}px`;
  }, [text]);

  const send = () => {
    if (!canSend) return;
    onSend(question);
    setText("");
  };

  return (
    <form
      className="rounded-xl border border-slate-200 bg-white p-2 shadow-sm focus-within:border-blue-500 focus-within:ring-2 focus-within:ring-blue-500/20"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      data-testid="help-composer"
    >
      <label htmlFor="help-question" className="sr-only">
        Ask Vigil
      </label>
      <textarea
        id="help-question"
        ref={ref}
        rows={1}
        value={text}
        disabled={busy}
        placeholder={busy ? "Vigil is answering…" : "Ask about agents, incidents, costs…"}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          }
        }}
        className="block max-h-48 w-full resize-none border-0 bg-transparent px-2 py-1.5 text-sm text-slate-800 placeholder:text-slate-400 focus:outline-none disabled:cursor-not-allowed disabled:opacity-60"
      />
      <div className="flex items-center justify-between gap-2 px-1 pt-1">
        <span className={`text-[11px] ${tooLong ? "font-medium text-rose-600" : "text-slate-400"}`}>
          {tooLong ? `${question.length}/${MAX_QUESTION_CHARS} characters — too long` : "Enter to send · Shift+Enter for a new line"}
        </span>
        <button
          type="submit"
          disabled={!canSend}
          className="inline-flex items-center gap-1 rounded-lg bg-blue-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-blue-500 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {busy ? "Answering…" : "Send"}
        </button>
      </div>
    </form>
  );
}
