import { JobsList } from "../components/jobs-list.js";
import { UploadCard } from "../components/upload-card.js";
import "./home-screen.css";

/** Start page: upload a new CV and see past ones. */
export function HomeScreen() {
  return (
    <div className="home">
      <div className="page-intro">
        <h1 className="page-title">Your CV, ready for every application</h1>
        <p className="lead">
          Upload your CV, check what we read, tailor it to a job description and export polished PDF and Word
          versions.
        </p>
      </div>
      <div className="home__grid">
        <UploadCard />
        <JobsList />
      </div>
    </div>
  );
}
