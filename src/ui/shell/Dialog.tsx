// A modal built on the native <dialog>: focus moves in and is kept there, Escape closes,
// focus returns to the opener. The body is a form whose submit calls onSubmit.
import { cloneElement, isValidElement, useEffect, useId, useRef, type FormEvent, type ReactElement, type ReactNode } from 'react';

interface Props {
  title: string;
  open: boolean;
  onClose(): void;
  onSubmit(): void | Promise<void>;
  submitLabel: string;
  /** An error to show above the buttons (role alert). */
  error?: string | null;
  busy?: boolean;
  /** A wider dialog (two columns of fields). */
  wide?: boolean;
  /** The Cancel button's label ("Keep them"). */
  cancelLabel?: string;
  /** More buttons, between Cancel and the submit button. */
  extraButtons?: ReactNode;
  children: ReactNode;
}

export function Dialog({ title, open, onClose, onSubmit, submitLabel, error, busy, wide, cancelLabel = 'Cancel', extraButtons, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d || !open) return;
    // Whatever had the focus (the button that opened us) gets it back however we close:
    // Escape, Cancel, submit, or the caller unmounting the dialog.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!d.open) d.showModal();
    const first = d.querySelector<HTMLElement>('.dialog-body input:not([disabled]), .dialog-body select:not([disabled]), .dialog-body textarea:not([disabled]), .dialog-body button:not([disabled])');
    first?.focus();
    return () => {
      if (d.open) d.close();
      if (opener && opener.isConnected) opener.focus();
    };
  }, [open]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void onSubmit();
  };
  const titleId = `dlg-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <dialog ref={ref} className={wide ? 'dialog dialog-wide' : 'dialog'} aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      {open ? (
        <form onSubmit={submit} noValidate>
          <h2 id={titleId}>{title}</h2>
          <div className="dialog-body">{children}</div>
          {error ? (
            <p className="dialog-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="dialog-buttons">
            <button type="button" onClick={onClose}>
              {cancelLabel}
            </button>
            {extraButtons}
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Working…' : submitLabel}
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}

/**
 * A labelled field row with an optional one-sentence explanation: the control's accessible
 * name is the label alone; the hint is its description (and tooltip).
 */
export function Field({ label, hint, children }: { label: string; hint?: string; children: ReactElement<{ id?: string; 'aria-describedby'?: string }> }) {
  const id = useId();
  const control = isValidElement(children) ? cloneElement(children, { id, 'aria-describedby': hint ? `${id}-hint` : undefined }) : children;
  return (
    <div className="field" title={hint}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {control}
      {hint ? (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/** Parses an integer field in [min, max]; returns the number or a message naming the field. */
export function intField(name: string, text: string, min: number, max: number): number | string {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return `${name}: expected a whole number ${min}..${max}, got "${t}"`;
  const n = Number(t);
  if (n < min || n > max) return `${name}: ${n} is out of range (${min}..${max})`;
  return n;
}
