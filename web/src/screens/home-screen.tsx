import { format } from "../components/job-messages.js";
import { JobsList } from "../components/jobs-list.js";
import { UploadCard } from "../components/upload-card.js";
import "./home-screen.css";

/** Start page: upload a new CV and see past ones. */
export function HomeScreen() {
  return (
    <div className="home">
      <div className="page-intro">
        <h1 className="page-title">{format("home.title")}</h1>
        <p className="lead">{format("home.lead")}</p>
      </div>
      <div className="home__grid">
        <UploadCard />
        <JobsList />
      </div>
    </div>
  );
}
