// Cutis's pages in a real browser. Starts the `cutis` binary (CUTIS_BIN) with the demo library
// on a scratch SQLite database (or on CUTIS_E2E_DATABASE_URL, an empty PostgreSQL database),
// then drives Debian's Chromium with Playwright:
//   - the GraphQL explorer at /graphql runs a query with the demo's delivery key, shows the
//     result and the schema's documentation, and passes axe-core;
//   - Swagger UI at /docs/ runs "Try it out" on GET /v1/treatments/{slug} and gets a 200;
//   - no page asks any host but this server for anything.
// Run by .ci/run (`npm run check`); exits non-zero on the first failure.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { checkAdmin } from "./check-admin.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const CUTIS = process.env.CUTIS_BIN;
if (!CUTIS) throw new Error("set CUTIS_BIN to the cutis binary");

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Starts `cutis serve` and resolves with its address and the delivery key its banner prints.
async function startCutis(dir) {
  const port = await freePort();
  const child = spawn(CUTIS, ["serve"], {
    env: {
      ...process.env,
      CUTIS_DATABASE_URL: process.env.CUTIS_E2E_DATABASE_URL || `sqlite://${join(dir, "cutis.db")}?mode=rwc`,
      CUTIS_BIND: `127.0.0.1:${port}`,
      CUTIS_DEMO: "true",
      CUTIS_LOG: "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const { key, ownerPassword } = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("cutis printed no delivery key in 60 s")), 60000);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const found = output.match(/Delivery key\s+(cutis_live_\S+)/);
      if (found) {
        clearTimeout(timer);
        resolve({ key: found[1], ownerPassword: output.match(/Password\s+(\S+)/)?.[1] });
      }
    });
    child.on("exit", (code) => reject(new Error(`cutis exited with ${code}:\n${output}`)));
  });
  return { child, address: `http://127.0.0.1:${port}`, key, ownerPassword };
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Fails the run when a page asks another host for anything.
function keepLocal(page, address) {
  const foreign = [];
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(address) && !url.startsWith("data:") && !url.startsWith("blob:")) {
      foreign.push(url);
    }
  });
  return () => check(foreign.length === 0, `requests to other hosts: ${foreign.join(", ")}`);
}

async function accessible(context, url) {
  // axe is injected as a script of the test's own, so this context bypasses the page's CSP.
  const page = await context.newPage();
  await page.goto(url);
  await page.addScriptTag({ content: AXE });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const problems = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`,
  );
  check(problems.length === 0, `axe-core found on ${url}:\n${problems.join("\n")}`);
  await page.close();
}

async function explorer(context, address, key) {
  const page = await context.newPage();
  const local = keepLocal(page, address);
  await page.goto(`${address}/graphql`);
  await page.fill("#token", key);
  await page.fill("#query", '{ treatment(slug: "microneedling", locale: "fr") { name locale } }');
  await page.click("#run");
  await page.waitForFunction(() => document.getElementById("result").textContent.includes('"locale"'));
  const result = JSON.parse(await page.textContent("#result"));
  check(result.data?.treatment?.locale === "fr", `the explorer's query answered ${JSON.stringify(result)}`);
  await page.click("#open-docs");
  await page.waitForSelector("#docs dt");
  const docs = await page.textContent("#docs");
  check(docs.includes("treatment(") && docs.includes("conditions"), `the documentation shows ${docs}`);
  await page.locator("#docs dd + dt button.type").first().click();
  await page.waitForFunction(() => document.querySelector("#docs h2")?.textContent !== "Query");
  local();
  await page.close();
  console.log("ok: the GraphQL explorer runs a query and shows the documentation");
}

async function swaggerTryItOut(context, address, key) {
  const page = await context.newPage();
  const local = keepLocal(page, address);
  await page.goto(`${address}/docs/`);
  await page.click("button.authorize");
  const dialog = page.locator(".auth-container", { hasText: "delivery_key" });
  await dialog.locator("input").fill(key);
  await dialog.locator("button.authorize").click();
  await page.click("button.btn-done");
  const operation = page.locator(".opblock-get", {
    has: page.locator('[data-path="/v1/treatments/{slug}"]'),
  });
  await operation.locator(".opblock-summary").first().click();
  await operation.locator("button.try-out__btn").click();
  await operation.locator('tr[data-param-name="slug"] input').fill("microneedling");
  await operation.locator("button.execute").click();
  const status = operation.locator(".live-responses-table tbody .response-col_status").first();
  await status.waitFor();
  const code = (await status.textContent()).trim();
  check(code.startsWith("200"), `Swagger UI's Try it out answered ${code}`);
  local();
  await page.close();
  console.log("ok: Swagger UI's Try it out on GET /v1/treatments/{slug} answers 200");
}

const dir = mkdtempSync(join(tmpdir(), "cutis-browser-"));
const { child, address, key, ownerPassword } = await startCutis(dir);
console.log(`on ${process.env.CUTIS_E2E_DATABASE_URL ? "PostgreSQL" : "SQLite"}:`);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
try {
  const context = await browser.newContext();
  await explorer(context, address, key);
  await swaggerTryItOut(context, address, key);
  const audit = await browser.newContext({ bypassCSP: true });
  await accessible(audit, `${address}/graphql`);
  await accessible(audit, `${address}/admin/graphql`);
  console.log("ok: axe-core finds no violations on the explorer pages");
  await checkAdmin({ browser, address, key, ownerPassword, axe: AXE });
} finally {
  await browser.close();
  child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
