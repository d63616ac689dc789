/**
 * Owner resolution in each AUTH_MODE, through the real server. JWT mode uses
 * keys made by `jose` and a JWKS served on 127.0.0.1.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { as, createHarness, type Harness, json, seedJob } from "../support/http.js";

const ISSUER = "https://issuer.example.test/";
const AUDIENCE = "resume-agent-api";

describe("AUTH_MODE=jwt", () => {
  let h: Harness;
  let jwks: http.Server;
  let signingKey: CryptoKey;
  let strangerKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair("RS256", { extractable: true });
    const stranger = await generateKeyPair("RS256");
    signingKey = pair.privateKey;
    strangerKey = stranger.privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    jwks = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
    const port = (jwks.address() as AddressInfo).port;
    h = await createHarness({
      env: {
        AUTH_MODE: "jwt",
        JWT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  const token = (
    key: CryptoKey,
    claims: {
      sub?: string;
      iss?: string;
      aud?: string;
      exp?: string | number | null;
      iat?: number;
      typ?: string;
    },
  ) => {
    const jwt = new SignJWT({})
      .setProtectedHeader({ alg: "RS256", kid: "k1", ...(claims.typ ? { typ: claims.typ } : {}) })
      .setIssuedAt(claims.iat);
    if (claims.sub) jwt.setSubject(claims.sub);
    jwt.setIssuer(claims.iss ?? ISSUER).setAudience(claims.aud ?? AUDIENCE);
    // null: a token that never expires.
    if (claims.exp !== null) jwt.setExpirationTime(claims.exp ?? "5m");
    return jwt.sign(key);
  };
  const list = (authorization?: string) =>
    h.app.inject({ url: "/api/v1/jobs", headers: authorization ? { authorization } : {} });

  it("accepts a valid token and uses its subject as the owner", async () => {
    const job = await seedJob(h.ctx, "jwt-user-1");
    const response = await list(`Bearer ${await token(signingKey, { sub: "jwt-user-1" })}`);
    expect(response.statusCode).toBe(200);
    expect(json<{ items: { id: string }[] }>(response).items.map((j) => j.id)).toEqual([job.id]);
    // The dev header means nothing in jwt mode.
    const spoof = await h.app.inject({ url: "/api/v1/jobs", headers: as("jwt-user-1") });
    expect(spoof.statusCode).toBe(401);
  });

  it("accepts access-token types", async () => {
    for (const typ of ["JWT", "at+jwt"]) {
      expect((await list(`Bearer ${await token(signingKey, { sub: "typed", typ })}`)).statusCode).toBe(200);
    }
  });

  it.each([
    ["no token", async () => undefined],
    [
      "expired",
      async () =>
        `Bearer ${await token(signingKey, { sub: "u", exp: Math.floor(Date.now() / 1000) - 3600 })}`,
    ],
    [
      "wrong issuer",
      async () => `Bearer ${await token(signingKey, { sub: "u", iss: "https://other.example/" })}`,
    ],
    ["wrong audience", async () => `Bearer ${await token(signingKey, { sub: "u", aud: "someone-else" })}`],
    ["bad signature", async () => `Bearer ${await token(strangerKey, { sub: "u" })}`],
    [
      "alg none",
      async () =>
        `Bearer ${new UnsecuredJWT({ sub: "u" }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime("5m").encode()}`,
    ],
    ["no subject", async () => `Bearer ${await token(signingKey, {})}`],
    // Before: a token without exp was accepted forever.
    ["no expiry", async () => `Bearer ${await token(signingKey, { sub: "u", exp: null })}`],
    [
      "issued too long ago",
      async () =>
        `Bearer ${await token(signingKey, { sub: "u", iat: Math.floor(Date.now() / 1000) - 3 * 86_400 })}`,
    ],
    ["valid for a year", async () => `Bearer ${await token(signingKey, { sub: "u", exp: "365d" })}`],
    ["an ID-token type", async () => `Bearer ${await token(signingKey, { sub: "u", typ: "logout+jwt" })}`],
    ["not a bearer", async () => "Basic dXNlcjpwYXNz"],
  ])("rejects %s with 401 problem+json", async (_name, make) => {
    const response = await list(await make());
    expect(response.statusCode).toBe(401);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(json(response)).toMatchObject({ status: 401, code: "unauthorized" });
  });

  it("leaves health and signed-link routes public", async () => {
    expect((await h.app.inject({ url: "/healthz" })).statusCode).toBe(200);
    expect((await h.app.inject({ url: "/api/v1/blobs/download?p=x" })).statusCode).toBe(400);
  });
});

describe("AUTH_MODE=proxy", () => {
  let h: Harness;
  const secret = "s".repeat(40);
  beforeAll(async () => {
    h = await createHarness({ env: { AUTH_MODE: "proxy", PROXY_SHARED_SECRET: secret } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("believes the user header only with the shared secret", async () => {
    const user = h.ctx.config.auth.proxy.userHeader;
    const secretHeader = h.ctx.config.auth.proxy.secretHeader;
    const ok = await h.app.inject({
      url: "/api/v1/jobs",
      headers: { [user]: "proxy-user", [secretHeader]: secret },
    });
    expect(ok.statusCode).toBe(200);
    for (const headers of [
      { [user]: "proxy-user" },
      { [user]: "proxy-user", [secretHeader]: `${secret}x` },
      { [user]: "proxy-user", [secretHeader]: "short" },
      { [secretHeader]: secret },
    ]) {
      const response = await h.app.inject({ url: "/api/v1/jobs", headers });
      expect(response.statusCode).toBe(401);
      expect(json(response)).toMatchObject({ code: "unauthorized" });
    }
  });
});

describe("AUTH_MODE=dev", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { DEFAULT_OWNER_USER_ID: "the-local-user" } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("uses X-Owner-User-Id, else the default owner", async () => {
    const mine = await seedJob(h.ctx, "the-local-user");
    const theirs = await seedJob(h.ctx, "someone");
    const ids = (r: { body: string }) => json<{ items: { id: string }[] }>(r as never).items.map((j) => j.id);
    expect(ids(await h.app.inject({ url: "/api/v1/jobs" }))).toEqual([mine.id]);
    expect(ids(await h.app.inject({ url: "/api/v1/jobs", headers: as("someone") }))).toEqual([theirs.id]);
  });

  it("is refused in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production", AUTH_MODE: "dev" })).toThrow(
      /refuses to run in production/,
    );
  });
});
