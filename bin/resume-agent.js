#!/usr/bin/env node
// Launcher for the `resume-agent` command: runs the TypeScript sources through
// tsx's loader, so the installed package needs no separate build step.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
