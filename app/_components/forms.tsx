"use client";

import { useEffect, useRef, type ButtonHTMLAttributes, type ReactNode } from "react";

/** Form controls and a modal dialog shared by the settings, users and audit pages. */

export const inputCls =
  "rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 shadow-sm focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-500/20";

const variants = {
  primary: "bg-blue-600 text-white hover:bg-blue-500 shadow-sm",
  secondary: "bg-white text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50",
  danger: "bg-white text-rose-700 ring-1 ring-inset ring-rose-300 hover:bg-rose-50",
  dangerSolid: "bg-rose-600 text-white hover:bg-rose-500 shadow-sm",
} as const;

export function Button({ variant = "secondary", className = "", ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof variants }) {
  return (
    <button
      type="button"
      {...props}
      className={`inline-flex items-center justify-center gap-1 whitespace-nowrap rounded-lg px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50 ${variants[variant]} ${className}`}
    />
  );
}

export function Field({ label, hint, children }: { label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <label className="block min-w-0">
      <span className="text-xs font-medium text-slate-600">{label}</span>
      <div className="mt-1">{children}</div>
      {hint && <span className="mt-1 block text-xs text-slate-400">{hint}</span>}
    </label>
  );
}

export function FormError({ error }: { error: { message: string } | null | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700" data-testid="form-error">
      {error.message}
    </p>
  );
}

/** A modal dialog: focus moves into it, Escape closes it. */
export function Modal({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/50 px-4">
      <div ref={ref} tabIndex={-1} role="dialog" aria-modal="true" aria-label={title} data-testid={testId} className="w-full max-w-lg rounded-xl bg-white p-5 shadow-xl outline-none">
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        <div className="mt-3">{children}</div>
      </div>
    </div>
  );
}

/** The free-text search box of a filterable list. */
export function SearchBox({ value, onChange, placeholder, label, testId, width = "sm:w-64" }: {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  label: string;
  testId?: string;
  width?: "sm:w-56" | "sm:w-64";
}) {
  return <input type="search" value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} aria-label={label} className={`${inputCls} w-full ${width}`} data-testid={testId} />;
}

/** "Delete this …?" dialog: what goes away, the mutation's error, Cancel and a red confirm button. */
export function ConfirmDeleteDialog({ title, testId, onClose, onConfirm, pending, error, children }: {
  title: string;
  testId: string;
  onClose: () => void;
  onConfirm: () => void;
  pending: boolean;
  error: { message: string } | null;
  children: ReactNode;
}) {
  return (
    <Modal title={title} onClose={onClose} testId={testId}>
      <p className="text-sm text-slate-600">{children}</p>
      {error && <p role="alert" className="mt-2 text-sm text-rose-700">{error.message}</p>}
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="dangerSolid" disabled={pending} onClick={onConfirm}>
          {pending ? "Deleting…" : "Delete"}
        </Button>
      </div>
    </Modal>
  );
}
