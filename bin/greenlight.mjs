#!/usr/bin/env node
// `npx greenlight <command>`: run the TypeScript CLI through tsx.
import { register } from "tsx/esm/api";

register();
await import("../server/cli.ts");
