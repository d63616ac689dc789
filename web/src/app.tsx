/** The page frame: header, skip link, the current screen and the confirm dialog. */
import { ConfirmProvider } from "./components/confirm-dialog.js";
import { ErrorBoundary } from "./components/error-boundary.js";
import { useRoute } from "./router.js";
import { HomeScreen } from "./screens/home-screen.js";
import { JobScreen } from "./screens/job-screen.js";

export function App() {
  const route = useRoute();
  return (
    <ConfirmProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <a className="brand" href="#/">
            <span className="brand__mark" aria-hidden="true">
              R
            </span>
            <span className="brand__name">Resume Agent</span>
          </a>
          <nav aria-label="Main">
            <a className="topbar__link" href="#/">
              Your CVs
            </a>
          </nav>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <ErrorBoundary resetKey={window.location.hash}>
          {route.name === "home" ? <HomeScreen /> : null}
          {route.name === "job" ? <JobScreen key={route.jobId} jobId={route.jobId} tab={route.tab} /> : null}
          {route.name === "not-found" ? (
            <div className="narrow">
              <h1 className="page-title">Page not found</h1>
              <p>
                <a href="#/">Go to your CVs</a>
              </p>
            </div>
          ) : null}
        </ErrorBoundary>
      </main>
    </ConfirmProvider>
  );
}
