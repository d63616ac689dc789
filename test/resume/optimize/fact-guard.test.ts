import { describe, expect, it } from "vitest";
import { guardLanguage, introducedFacts } from "../../../src/resume/optimize/fact-guard.js";
import { Spellers } from "../../../src/resume/spelling/speller.js";

const CV =
  "ML Engineer at Nimbus Labs, 2019 - present. Served PyTorch models with Triton on EKS for 40M daily requests. Built Python pipelines in Airflow. BSc Computer Science.";
const terms = (proposed: string, original: string, extra: string[] = []) =>
  introducedFacts(proposed, original, [CV, ...extra].join("\n")).map((f) => `${f.kind}:${f.term}`);

describe("introducedFacts", () => {
  const bullet = "Built Python pipelines in Airflow";
  it("passes rewording, tense changes and synonyms of what the CV has", () => {
    expect(terms("Build and operate Python pipelines in Airflow", bullet)).toEqual([]);
    expect(terms("Built Python pipelines in Airflow on K8s", bullet)).toEqual([]);
    expect(terms("Scaled model serving with Triton for 40M daily requests", bullet)).toEqual([]);
  });
  it("names every kind of invented fact", () => {
    expect(terms("Built Python pipelines in Airflow, cutting costs by 30%", bullet)).toEqual(["number:30%"]);
    expect(terms("Built Python pipelines in Airflow and Kafka", bullet)).toEqual(["skill:Kafka"]);
    expect(terms("Built Python pipelines in Airflow for Stripe", bullet)).toEqual(["name:Stripe"]);
    expect(terms("Built Python pipelines in Airflow as Senior Engineer", bullet)).toEqual([
      "seniority:Senior",
    ]);
    expect(terms("AWS-certified: built Python pipelines in Airflow", bullet)).toEqual(
      expect.arrayContaining(["credential:certified"]),
    );
    expect(terms("Built Python pipelines in Airflow, doubling throughput", bullet)).toEqual([
      "number:doubling",
    ]);
    expect(terms("Built Python pipelines in Airflow since 2015", bullet)).toEqual(["number:2015"]);
  });
  it("does not read digits inside names as numbers", () => {
    expect(terms("Built Python pipelines in Airflow on K8s", bullet)).toEqual([]);
  });
  it("accepts what the user vouched for in an answer, and only that", () => {
    expect(
      terms("Built Python pipelines in Airflow and Kafka", bullet, ["Yes, I ran Kafka consumers at Nimbus."]),
    ).toEqual([]);
    expect(
      terms("Built Python pipelines in Airflow and Spark", bullet, ["Yes, I ran Kafka consumers."]),
    ).toEqual(["skill:Spark"]);
  });
  it("does not take German nouns for names, but still catches invented names", async () => {
    const cv = "Außendienst bei Medica Süd GmbH. Betreuung von 120 Bestandskunden in Kliniken und Praxen.";
    const language = await guardLanguage(cv, new Spellers());
    const de = (proposed: string) =>
      introducedFacts(proposed, "Betreuung von 120 Bestandskunden", cv, undefined, language).map(
        (f) => f.term,
      );
    expect(de("Betreute 120 Bestandskunden mit großer Sorgfalt und Geduld")).toEqual([]);
    // The German dictionary knows some proper names ("Siemens"); one unknown word is enough to reject.
    expect(de("Betreute 120 Bestandskunden für Siemens Healthineers")).toContain("Healthineers");
    expect(de("Verdoppelte den Umsatz mit 120 Bestandskunden")).toEqual(["Verdoppelte"]);
  }, 30_000);
});
