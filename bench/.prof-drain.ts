import pg from "pg";
import { postgresAdminUrl, withDatabase } from "../test/support/database.ts";
import { ours } from "./queue/ours.ts";

const admin = (await postgresAdminUrl())!;
const name = "ra_prof_" + Date.now();
const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query(`CREATE DATABASE ${name}`);
await c.end();
const s = ours();
await s.setup({ url: withDatabase(admin, name), adminUrl: admin, database: name });
const loops = Number(process.argv[2] ?? 1),
  inFlight = Number(process.argv[3] ?? 1),
  jobs = Number(process.argv[4] ?? 1000);
const m = await s.drain({ loops, inFlight, jobs });
console.log(
  JSON.stringify({ rate: m.jobs / m.seconds, node: m.cpu.nodeMicros / m.jobs, pg: m.cpu.pgMicros / m.jobs }),
);
await s.teardown();
const d = new pg.Client({ connectionString: admin });
await d.connect();
await d.query(`DROP DATABASE ${name} WITH (FORCE)`);
await d.end();
