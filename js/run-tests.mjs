// `npm test`: bundle every js/**/*.test.ts into one ESM file with esbuild, run it with node's
// test runner (one process: node starts slowly here, ~0.8 s per test file otherwise).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));
const files = readdirSync(here, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith(".test.ts") && !f.includes("node_modules"))
  .sort();
const outfile = join(here, "..", "lib", "test", "all.test.mjs");
await build({
  stdin: { contents: files.map((f) => `import "./${relative(here, join(here, f))}";`).join("\n"), resolveDir: here, loader: "ts" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  loader: { ".txt": "text" },
  outfile,
  logLevel: "warning",
});
const r = spawnSync(process.execPath, ["--test", "--test-reporter=spec", outfile], { stdio: "inherit" });
process.exit(r.status ?? 1);
