/** The page frame (header, skip link, the current screen, the confirm dialog) and the route table. */
import { QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { RawIntlProvider } from "react-intl";
import {
  createHashRouter,
  Link,
  Outlet,
  type RouteObject,
  RouterProvider,
  useLocation,
  useParams,
} from "react-router";
import { createQueryClient } from "./api/queries.js";
import { format } from "./app-messages.js";
import { ConfirmProvider } from "./components/confirm-dialog.js";
import { ErrorBoundary } from "./components/error-boundary.js";
import { LanguageSwitcher } from "./components/language-switcher.js";
import { useIntlShape, useLocale } from "./i18n/translate.js";
import { JOB_ROUTE, jobRoute, SHARED_ROUTE } from "./router.js";
import { HomeScreen } from "./screens/home-screen.js";
import { JobScreen } from "./screens/job-screen.js";
import { SharedScreen } from "./screens/shared-screen.js";

/*
 * Each route's element is created once, so React would skip it when only the
 * language changes; every route component reads the language (`useLocale`) so
 * that its screen re-renders in the new one, keeping what is typed in it.
 */

function Frame() {
  useLocale();
  const { pathname } = useLocation();
  // A new page starts at its top, as a full page load would.
  useEffect(() => {
    if (pathname) window.scrollTo({ top: 0 });
  }, [pathname]);
  return (
    <ConfirmProvider>
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is a link by convention; the hash holds the route, so the click moves the focus itself */}
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          // The hash holds the route: move the focus without changing it.
          e.preventDefault();
          document.getElementById("main")?.focus();
        }}
      >
        {format("app.skip")}
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <Link className="brand" to="/">
            <span className="brand__mark" aria-hidden="true">
              R
            </span>
            <span className="brand__name">{format("app.brand")}</span>
          </Link>
          <div className="topbar__end">
            <nav aria-label={format("app.nav.label")}>
              <Link className="topbar__link" to="/">
                {format("app.nav.jobs")}
              </Link>
            </nav>
            <LanguageSwitcher />
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <ErrorBoundary resetKey={pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
    </ConfirmProvider>
  );
}

function NotFound() {
  useLocale();
  return (
    <div className="narrow">
      <h1 className="page-title">{format("app.not_found.title")}</h1>
      <p>
        <Link to="/">{format("app.not_found.back")}</Link>
      </p>
    </div>
  );
}

function HomeRoute() {
  useLocale();
  return <HomeScreen />;
}

function JobRoute() {
  useLocale();
  const route = jobRoute(useParams());
  if (!route) return <NotFound />;
  return <JobScreen key={route.jobId} jobId={route.jobId} tab={route.tab} />;
}

/** A share link's public page: outside the frame, which is the owner's navigation. */
function SharedRoute() {
  useLocale();
  const { token } = useParams();
  return (
    <main id="main" className="main" tabIndex={-1}>
      <ErrorBoundary resetKey={token ?? ""}>
        <SharedScreen token={token ?? ""} />
      </ErrorBoundary>
    </main>
  );
}

/** The screens by path; `createHashRouter(routes)` puts them behind `#/…`. */
export const routes: RouteObject[] = [
  { path: SHARED_ROUTE, element: <SharedRoute /> },
  {
    element: <Frame />,
    children: [
      { index: true, element: <HomeRoute /> },
      { path: JOB_ROUTE, element: <JobRoute /> },
      { path: "*", element: <NotFound /> },
    ],
  },
];

export function App() {
  const [router] = useState(() => createHashRouter(routes));
  const [queryClient] = useState(createQueryClient);
  const intl = useIntlShape();
  // The tab's title in the page's language, as a screen reader's window list announces it.
  useEffect(() => {
    if (intl) document.title = format("app.brand");
  }, [intl]);
  return (
    <RawIntlProvider value={intl}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </RawIntlProvider>
  );
}
