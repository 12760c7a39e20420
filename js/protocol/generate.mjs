// `npm run protocol`: js/protocol/schema.json (written from flowfile_jupyter/jupyter/protocol.py
// by `python -m flowfile_jupyter.jupyter.typescript`) -> js/protocol/generated.ts.
// `--check` exits 1 instead of writing when generated.ts is not what the schema gives.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compile } from "json-schema-to-typescript";

const here = fileURLToPath(new URL(".", import.meta.url));
const schemaPath = process.argv.find((a) => a.endsWith(".json")) ?? `${here}schema.json`;
const out = `${here}generated.ts`;
const banner = `// Generated from flowfile_jupyter/jupyter/protocol.py: do not edit.
// python -m flowfile_jupyter.jupyter.typescript > js/protocol/schema.json && npm run protocol`;

const compiled = await compile(JSON.parse(readFileSync(schemaPath, "utf8")), "Protocol", {
  additionalProperties: false,
  unreachableDefinitions: true,
  ignoreMinAndMaxItems: true,
  bannerComment: banner,
  format: true,
  style: { printWidth: 120, singleQuote: false },
});
// Every $defs entry gets a "referenced by" note: noise for readers of the types.
const ts = compiled
  .replace(/\/\*\*\n \* This interface was referenced by `Protocol`'s JSON-Schema\n \* via the `definition` "\w+"\.\n \*\/\n/g, "")
  .replace(/ \*\n \* This interface was referenced by `Protocol`'s JSON-Schema\n \* via the `definition` "\w+"\.\n/g, "");

if (process.argv.includes("--check")) {
  const current = readFileSync(out, "utf8");
  if (current !== ts) {
    process.stdout.write(ts);
    process.exit(1);
  }
} else {
  writeFileSync(out, ts);
}
