/** The package version, reported by `--version`, logs and trace resources. */
import packageJson from "../../package.json" with { type: "json" };

export const VERSION: string = packageJson.version;
