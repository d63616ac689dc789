import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

describe("loadConfig", () => {
  it("runs with no configuration on embedded defaults", () => {
    const config = loadConfig({});
    expect(config.database.url).toBeUndefined();
    expect(config.auth.mode).toBe("dev");
    expect(config.auth.defaultOwnerUserId).toBe("local-user");
    expect(config.storage.driver).toBe("local");
    expect(config.http.port).toBe(3000);
  });

  it("is frozen all the way down", () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.storage.azure)).toBe(true);
    expect(Object.isFrozen(config.auth.jwt.algorithms)).toBe(true);
  });

  it("lists every invalid variable", () => {
    expect(() => loadConfig({ PORT: "http", WORKER_CONCURRENCY: "0" })).toThrowError(
      /PORT[\s\S]*WORKER_CONCURRENCY/,
    );
  });

  it("refuses dev authentication in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production", AUTH_MODE: "dev" })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/AUTH_MODE/);
  });

  it("uses header identity only when chosen or when listening on loopback only", () => {
    expect(loadConfig({ HOST: "127.0.0.1" }).auth.mode).toBe("dev");
    expect(loadConfig({ HOST: "::1" }).auth.mode).toBe("dev");
    // An unset NODE_ENV on a reachable address fails closed instead of trusting a header.
    expect(() => loadConfig({ HOST: "0.0.0.0" })).toThrow(
      /AUTH_MODE must be set when listening on 0\.0\.0\.0/,
    );
    expect(loadConfig({ HOST: "0.0.0.0", AUTH_MODE: "dev" }).auth.mode).toBe("dev");
  });

  it("builds in no signing key: a production Azure setup has none, development uses a generated key file", () => {
    const secret = "s".repeat(40);
    const azure = loadConfig({
      NODE_ENV: "production",
      AUTH_MODE: "proxy",
      PROXY_SHARED_SECRET: secret,
      STORAGE_DRIVER: "azure",
      AZURE_STORAGE_ACCOUNT: "acct",
    });
    expect(azure.storage.signingKeys).toEqual([]);
    const local = loadConfig({ DATA_DIR: "/srv/ra" });
    expect(local.storage.signingKeys).toEqual([]);
    expect(local.storage.signingKeyFile).toBe("/srv/ra/signing-key");
  });

  it("bounds signed-link lifetimes", () => {
    expect(loadConfig({}).storage.signedUrlMaxTtlSeconds).toBe(3_600);
    expect(() => loadConfig({ SIGNED_URL_TTL_SECONDS: "7200", SIGNED_URL_MAX_TTL_SECONDS: "3600" })).toThrow(
      /SIGNED_URL_MAX_TTL_SECONDS/,
    );
  });

  it("requires the JWT settings in jwt mode", () => {
    expect(() => loadConfig({ AUTH_MODE: "jwt" })).toThrow(/JWT_JWKS_URL/);
    const config = loadConfig({
      AUTH_MODE: "jwt",
      JWT_JWKS_URL: "https://idp.example/jwks",
      JWT_ISSUER: "https://idp.example/",
      JWT_AUDIENCE: "api",
      JWT_ALGORITHMS: "RS256, ES256",
    });
    expect(config.auth.jwt.algorithms).toEqual(["RS256", "ES256"]);
  });

  it("parses signing keys for rotation and rejects weak ones", () => {
    const secret = "x".repeat(32);
    const config = loadConfig({ STORAGE_SIGNING_KEYS: `new:${secret},old:${secret}` });
    expect(config.storage.signingKeys.map((k) => k.kid)).toEqual(["new", "old"]);
    expect(() => loadConfig({ STORAGE_SIGNING_KEYS: "k:short" })).toThrow(ConfigError);
  });

  it("requires signing keys for the local store in production", () => {
    const secret = "s".repeat(40);
    const prod = { NODE_ENV: "production", AUTH_MODE: "proxy", PROXY_SHARED_SECRET: secret } as const;
    expect(() => loadConfig(prod)).toThrow(/STORAGE_SIGNING_KEYS/);
    expect(loadConfig({ ...prod, STORAGE_SIGNING_KEYS: `k1:${secret}` }).auth.mode).toBe("proxy");
  });
});
