/** Builds LinkedIn export ZIPs from the fixture folders (test/fixtures/linkedin/<persona>/). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import yazl from "yazl";

export const LINKEDIN_FIXTURES = fileURLToPath(new URL("../fixtures/linkedin/", import.meta.url));

export type ZipEntry = { name: string; data: Buffer; compress?: boolean };

export function zip(entries: ZipEntry[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const file = new yazl.ZipFile();
    for (const e of entries) file.addBuffer(e.data, e.name, { compress: e.compress ?? true });
    const chunks: Buffer[] = [];
    file.outputStream.on("data", (c: Buffer) => chunks.push(c));
    file.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    file.outputStream.on("error", reject);
    file.end();
  });
}

/** The files of one fixture persona as ZIP entries, optionally under a folder (as some exports are). */
export function personaEntries(
  persona: string,
  options: { folder?: string; omit?: string[] } = {},
): ZipEntry[] {
  const dir = join(LINKEDIN_FIXTURES, persona);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".csv") && !options.omit?.includes(name))
    .sort()
    .map((name) => ({
      name: options.folder ? `${options.folder}/${name}` : name,
      data: readFileSync(join(dir, name)),
    }));
}

export function personaZip(
  persona: string,
  options: { folder?: string; omit?: string[] } = {},
): Promise<Buffer> {
  return zip(personaEntries(persona, options));
}
