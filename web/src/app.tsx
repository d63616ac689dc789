/** The page frame (header, skip link, the current screen, the confirm dialog) and the route table. */
import { QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
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
import { ConfirmProvider } from "./components/confirm-dialog.js";
import { ErrorBoundary } from "./components/error-boundary.js";
import { JOB_ROUTE, jobRoute, SHARED_ROUTE } from "./router.js";
import { HomeScreen } from "./screens/home-screen.js";
import { JobScreen } from "./screens/job-screen.js";
import { SharedScreen } from "./screens/shared-screen.js";

function Frame() {
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
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <Link className="brand" to="/">
            <span className="brand__mark" aria-hidden="true">
              R
            </span>
            <span className="brand__name">Resume Agent</span>
          </Link>
          <nav aria-label="Main">
            <Link className="topbar__link" to="/">
              Your CVs
            </Link>
          </nav>
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
  return (
    <div className="narrow">
      <h1 className="page-title">Page not found</h1>
      <p>
        <Link to="/">Go to your CVs</Link>
      </p>
    </div>
  );
}

function JobRoute() {
  const route = jobRoute(useParams());
  if (!route) return <NotFound />;
  return <JobScreen key={route.jobId} jobId={route.jobId} tab={route.tab} />;
}

/** A share link's public page: outside the frame, which is the owner's navigation. */
function SharedRoute() {
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
      { index: true, element: <HomeScreen /> },
      { path: JOB_ROUTE, element: <JobRoute /> },
      { path: "*", element: <NotFound /> },
    ],
  },
];

export function App() {
  const [router] = useState(() => createHashRouter(routes));
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
