/**
 * A modal yes/no question built on `<dialog>` (focus is trapped and Escape
 * cancels natively). `useConfirm()` returns an async function so callers read
 * like `if (await confirm({...})) …`.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import { format } from "./job-messages.js";
import "./confirm-dialog.css";

export type ConfirmOptions = {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
};

type Pending = ConfirmOptions & { resolve(answer: boolean): void };

const ConfirmContext = createContext<(options: ConfirmOptions) => Promise<boolean>>(async () => false);

/** The confirm function of the nearest `ConfirmProvider`. */
export function useConfirm() {
  return useContext(ConfirmContext);
}

/** Provides `useConfirm` and renders the dialog. */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const confirm = useCallback(
    (options: ConfirmOptions) => new Promise<boolean>((resolve) => setPending({ ...options, resolve })),
    [],
  );

  useEffect(() => {
    const dialog = dialogRef.current;
    if (pending && dialog && !dialog.open) dialog.showModal();
  }, [pending]);

  const close = (answer: boolean) => {
    pending?.resolve(answer);
    setPending(null);
    dialogRef.current?.close();
  };

  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      <dialog
        ref={dialogRef}
        className="dialog"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-message"
        onCancel={(e) => {
          e.preventDefault();
          close(false);
        }}
      >
        {pending ? (
          <div className="dialog__content">
            <h2 id="confirm-title" className="dialog__title">
              {pending.title}
            </h2>
            <p id="confirm-message">{pending.message}</p>
            <div className="dialog__actions">
              <button type="button" className="btn btn--secondary" onClick={() => close(false)}>
                {pending.cancelLabel ?? format("dialog.cancel")}
              </button>
              <button
                type="button"
                className={pending.danger ? "btn btn--danger" : "btn btn--primary"}
                onClick={() => close(true)}
              >
                {pending.confirmLabel}
              </button>
            </div>
          </div>
        ) : null}
      </dialog>
    </ConfirmContext.Provider>
  );
}
