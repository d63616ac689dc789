/**
 * Catches a rendering failure in one screen and shows a plain message with a
 * way out instead of a blank page; details go to the console, never the page.
 */
import { Component, type ErrorInfo, type ReactNode } from "react";
import { Link } from "react-router";
import { format, formatRich } from "../app-messages.js";
import { Notice } from "./notice.js";

type State = { failed: boolean };

export class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error("screen failed to render", error, info.componentStack);
  }

  override componentDidUpdate(previous: { resetKey: string }): void {
    // Navigating elsewhere gives the next screen a fresh start.
    if (previous.resetKey !== this.props.resetKey && this.state.failed) this.setState({ failed: false });
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="narrow">
        <Notice
          tone="error"
          title={format("app.error.title")}
          actions={
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => window.location.reload()}
            >
              {format("app.error.reload")}
            </button>
          }
        >
          {formatRich("app.error.text", { link: (chunks) => <Link to="/">{chunks}</Link> })}
        </Notice>
      </div>
    );
  }
}
