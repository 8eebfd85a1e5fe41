// The web admin at /admin/ in a real browser, as editors and reviewers use it:
//   - an editor signs in, creates a treatment with an FAQ and a condition plan in English,
//     adds French, submits it; a reviewer (signing in by keyboard alone) approves and
//     publishes it; the delivery API then serves it in both locales;
//   - two browsers edit one treatment: the second save shows the conflict screen, the editor
//     takes one field from each, and both texts are in the saved version;
//   - a viewer sees no edit or workflow controls, and a forged step is 403; a save without
//     its CSRF token is 403; a signed-out session cannot come back;
//   - an older revision is restored from the history page;
//   - conditions and clinics have the same pages; a clinic's offering is added from its page,
//     a half price is refused at its field, and a condition that treatments link to is not
//     deleted: the editor says which ones;
//   - an editor uploads an image in the media library, sees it and saves its caption;
//   - the owner opens every settings screen (members, API keys, webhooks with a delivery log,
//     workspace), creates a key and a webhook whose secrets show once, and saves the form;
//   - an editor's form is filled and saved by keyboard alone (Tab, type, Tab to Save, Enter);
//   - axe-core finds no serious or critical violation on any of these pages.
// Screenshots of the main screens go to $CUTIS_SCREENSHOTS (default: ./screenshots).

import { mkdirSync } from "node:fs";
import { join } from "node:path";

const SHOTS = process.env.CUTIS_SCREENSHOTS || join(process.cwd(), "screenshots");
const PASSWORD = "a long e2e password";

const shot = (page, name) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function api(address, method, path, token, body) {
  const response = await fetch(`${address}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  check(response.ok, `${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

// Makes an account of `role` in the demo workspace through an invitation, as an owner would.
async function member(address, owner, role, name, credentials) {
  const email = `${role}-${Date.now()}@northlight.example`;
  const invitation = await api(address, "POST", "/admin/v1/workspaces/demo/invitations", owner, { email, role });
  await api(address, "POST", "/v1/invitations/accept", null, {
    token: invitation.token, password: PASSWORD, display_name: name, credentials,
  });
  return email;
}

// axe-core on the page as it is now: serious and critical violations fail the run.
async function accessible(page, axe) {
  await page.addScriptTag({ content: axe });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const problems = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`);
  check(problems.length === 0, `axe-core found on ${page.url()}:\n${problems.join("\n")}`);
}

async function signIn(context, address, email, password = PASSWORD) {
  const page = await context.newPage();
  await page.goto(`${address}/admin/`);
  check(page.url().endsWith("/admin/sign-in"), `a signed-out visit landed on ${page.url()}`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.click("form[action='/admin/sign-in'] button");
  await page.waitForURL(`${address}/admin/`);
  return page;
}

async function signInByKeyboard(context, address, email) {
  const page = await context.newPage();
  await page.goto(`${address}/admin/sign-in`);
  await page.locator("body").focus();
  // Skip link, then the form: Tab reaches every control in order.
  for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.id === "email")); i++) {
    await page.keyboard.press("Tab");
  }
  check(await page.evaluate(() => document.activeElement?.id === "email"), "Tab never reached the email field");
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${address}/admin/`);
  return page;
}

// Presses Tab until `selector` has the focus (at most `limit` times).
async function tabTo(page, selector, limit = 80) {
  const focused = () => page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector);
  for (let i = 0; i < limit && !(await focused()); i++) await page.keyboard.press("Tab");
  check(await focused(), `Tab never reached ${selector}`);
}

// The editor by keyboard alone: Tab to `field`, type at its end, Tab to Save, press Enter.
async function saveByKeyboard(page, field, text) {
  await page.locator("body").focus();
  await tabTo(page, field);
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
  await tabTo(page, "form.editor .save-bar button[type=submit]");
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
}

async function step(page, name) {
  await Promise.all([
    page.waitForNavigation(),
    page.click(`form.step:has(input[name=step][value=${name}]) button[type=submit]`),
  ]);
  const problem = (await page.locator(".problem").allTextContents()).join(" ");
  check(page.url().includes("stepped=1"), `${name} answered ${await page.title()}: ${problem}`);
}

async function save(page) {
  await Promise.all([page.waitForNavigation(), page.click("form.editor .save-bar button[type=submit]")]);
}

export async function checkAdmin({ browser, address, key, ownerPassword, axe }) {
  mkdirSync(SHOTS, { recursive: true });
  const owner = (await api(address, "POST", "/v1/auth/login", null, {
    email: "owner@northlight.example", password: ownerPassword,
  })).access_token;
  const editor = await member(address, owner, "editor", "Camille Tremblay");
  const reviewer = await member(address, owner, "reviewer", "Amira Haddad", "MD, dermatologist");
  const viewer = await member(address, owner, "viewer", "Jo Viewer");

  // An editor writes a treatment in English, then French, and submits it.
  const editing = await browser.newContext({ bypassCSP: true });
  const page = await signIn(editing, address, editor);
  await accessible(page, axe);
  await page.click("a[href='/admin/workspaces/demo']");
  await accessible(page, axe);
  await shot(page, "home");
  await page.click("header nav a:text('Treatments')");
  await accessible(page, axe);
  await shot(page, "treatments");
  await page.click("a:text('New treatment')");
  await page.fill("#f-slug", "lumiere-peel");
  await page.fill("#f-name", "Lumière peel");
  await page.fill("#f-summary", "A gentle lactic acid peel that brightens dull skin.");
  await page.fill("#f-body", "## How it works\n\nA mild acid lifts the top layer of dead cells.");
  await page.fill("#f-sessions-min", "3");
  await page.fill("#f-sessions-max", "5");
  await page.fill("#f-contraindications", "active cold sores\nisotretinoin in the last six months");
  await page.fill("#f-side_effects-0-effect", "Mild redness");
  await page.selectOption("#f-side_effects-0-frequency", "common");
  await page.fill("#f-side_effects-0-duration", "A few hours");
  await page.fill("#f-faqs-0-question", "Does it sting?");
  await page.fill("#f-faqs-0-answer", "A light tingle for a few minutes.");
  await page.fill("#f-conditions-0-condition", "hyperpigmentation");
  await page.fill("#f-conditions-0-sessions-min", "4");
  await page.fill("#f-conditions-0-sessions-max", "6");
  await page.fill("#f-conditions-0-notes", "Spaced four weeks apart.");
  // A half range is refused next to its input, and nothing is created.
  await page.fill("#f-downtime_days-min", "1");
  await Promise.all([page.waitForNavigation(), page.click("form.editor .save-bar button")]);
  check(await page.isVisible(".error-summary"), "a half range did not show the error summary");
  check((await page.textContent("#f-downtime_days-error")).includes("both ends"), "the range error is not at the range");
  await accessible(page, axe);
  await page.fill("#f-downtime_days-max", "2");
  await save(page);
  check(await page.isVisible("p.saved"), "creating the treatment did not say it was saved");
  await page.click("nav.locales a:text('fr')");
  check(await page.isVisible("p.notice"), "a locale without text does not say it falls back");
  check((await page.textContent(".reference")).includes("Lumière peel"), "the English text is not beside the French field");
  await page.fill("#f-name", "Peeling Lumière");
  await page.fill("#f-summary", "Un peeling doux à l'acide lactique qui ravive le teint terne.");
  await page.fill("#f-contraindications", "bouton de fièvre actif");
  await page.fill("#f-side_effects-0-effect", "Rougeur légère");
  await page.fill("#f-faqs-0-question", "Est-ce que ça pique ?");
  await page.fill("#f-faqs-0-answer", "Un léger picotement pendant quelques minutes.");
  await page.fill("#f-conditions-0-notes", "À quatre semaines d'intervalle.");
  await save(page);
  await accessible(page, axe);
  await shot(page, "editor");
  await step(page, "submit");
  const treatmentUrl = page.url().split("?")[0];
  console.log("ok: an editor creates a treatment in English and French and submits it");

  // A reviewer, by keyboard, approves and publishes it; delivery serves both locales.
  const reviewing = await browser.newContext({ bypassCSP: true });
  const reviewerPage = await signInByKeyboard(reviewing, address, reviewer);
  await reviewerPage.goto(treatmentUrl);
  check(await reviewerPage.isVisible("form.step:has(input[value=approve])"), "the reviewer has no approve button");
  await step(reviewerPage, "approve");
  check((await reviewerPage.textContent("aside")).includes("Amira Haddad, MD, dermatologist"), "the approval does not show the reviewer");
  await step(reviewerPage, "publish");
  check((await reviewerPage.textContent(".facts")).includes("published"), "the treatment is not published");
  for (const [locale, name] of [["en", "Lumière peel"], ["fr", "Peeling Lumière"]]) {
    const response = await fetch(`${address}/v1/treatments/lumiere-peel?locale=${locale}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const body = await response.json();
    check(response.status === 200 && body.name === name, `delivery in ${locale} answered ${response.status} ${JSON.stringify(body.name)}`);
  }
  await reviewerPage.goto(`${treatmentUrl}/preview`);
  await accessible(reviewerPage, axe);
  console.log("ok: a reviewer approves and publishes; delivery serves it in English and French");

  // Two browsers edit one treatment; the second gets the conflict screen and combines.
  const other = await browser.newContext({ bypassCSP: true });
  const first = await signIn(other, address, editor);
  await first.goto(treatmentUrl);
  await page.goto(treatmentUrl);
  await first.fill("#f-summary", "A gentle peel for dull, tired skin.");
  await save(first);
  await page.fill("#f-body", "## How it works\n\nLactic acid loosens dead cells so fresh skin shows.");
  await Promise.all([page.waitForNavigation(), page.click("form.editor .save-bar button")]);
  check(await page.isVisible("form.conflict"), "the second save did not show the conflict screen");
  await accessible(page, axe);
  await shot(page, "conflict");
  await page.check("#summary-theirs");
  await page.check("#body-mine");
  await Promise.all([page.waitForNavigation(), page.click("form.conflict button")]);
  const id = treatmentUrl.split("/").pop();
  const saved = await api(address, "GET", `/admin/v1/workspaces/demo/treatments/${id}`, owner);
  check(saved.summary === "A gentle peel for dull, tired skin.", `the combined summary is ${saved.summary}`);
  check(saved.body.includes("Lactic acid loosens"), `the combined body is ${saved.body}`);
  console.log("ok: a conflicting save shows both versions and saves one field from each");

  // History: restore the version before the combination.
  await page.goto(`${treatmentUrl}/history`);
  await accessible(page, axe);
  await shot(page, "history");
  const restoring = saved.version - 1;
  await page.check(`input[name=from][value="${restoring}"]`);
  await Promise.all([page.waitForNavigation(), page.click("form.compare button")]);
  await Promise.all([page.waitForNavigation(), page.click("form.restore button")]);
  const restored = await api(address, "GET", `/admin/v1/workspaces/demo/treatments/${id}`, owner);
  check(restored.version === saved.version + 1, `the restore made version ${restored.version}`);
  check(!restored.body.includes("Lactic acid loosens"), "the restored version kept the later body");
  console.log("ok: an older revision is restored from the history page");

  // A viewer sees no controls and cannot forge a step; no token is 403; signed out stays out.
  const viewing = await browser.newContext({ bypassCSP: true });
  const viewerPage = await signIn(viewing, address, viewer);
  await viewerPage.goto(treatmentUrl);
  check(!(await viewerPage.isVisible("form.editor .save-bar")), "a viewer sees the save button");
  check((await viewerPage.locator("form.step").count()) === 0, "a viewer sees workflow buttons");
  const csrf = await viewerPage.inputValue("form.sign-out input[name=csrf]");
  const forged = await viewerPage.request.post(`${treatmentUrl}/step`, {
    form: { csrf, step: "unpublish", version: String(restored.version) },
  });
  check(forged.status() === 403, `a viewer's unpublish answered ${forged.status()}`);
  const tokenless = await page.request.post(treatmentUrl, {
    form: { version: String(restored.version), locale: "en", slug: "lumiere-peel", name: "Hijacked" },
  });
  check(tokenless.status() === 403, `a save without a CSRF token answered ${tokenless.status()}`);
  const cookies = await viewing.cookies();
  await Promise.all([viewerPage.waitForNavigation(), viewerPage.click("form.sign-out button")]);
  const again = await browser.newContext({ bypassCSP: true });
  await again.addCookies(cookies);
  const back = await again.newPage();
  await back.goto(treatmentUrl);
  check(back.url().endsWith("/admin/sign-in"), `a signed-out session came back to ${back.url()}`);
  const unchanged = await api(address, "GET", `/admin/v1/workspaces/demo/treatments/${id}`, owner);
  check(unchanged.version === restored.version && unchanged.status === restored.status, "a refused post changed the treatment");
  console.log("ok: viewers see no controls, forged and tokenless posts are 403, sign-out is final");
  await checkConditionsAndClinics(page, axe, address, owner);
  await checkMedia(page, axe);
  for (const context of [editing, reviewing, other, viewing, again]) await context.close();
  await checkSettings({ browser, address, ownerPassword, axe, shot });
}

// The owner's settings screens, each checked by axe-core; secrets show once, forms save.
async function checkSettings({ browser, address, ownerPassword, axe, shot }) {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await signIn(context, address, "owner@northlight.example", ownerPassword);
  await page.goto(`${address}/admin/workspaces/demo`);
  await page.click("header nav a:text('Settings')");
  await accessible(page, axe);
  const submit = (form) => Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);

  await page.click("nav[aria-label=Settings] a:text('Members')");
  check((await page.textContent("table")).includes("owner@northlight.example"), "the owner is not listed");
  await accessible(page, axe);
  await shot(page, "settings-members");

  await page.click("nav[aria-label=Settings] a:text('API keys')");
  await accessible(page, axe);
  await page.fill("#f-name", "Browser check");
  await submit("form[action$='/settings/api-keys']");
  const secret = await page.inputValue("#once-secret");
  check(secret.startsWith("cutis_live_"), `the new key shows ${secret}`);
  await accessible(page, axe);
  await shot(page, "settings-api-keys");
  const works = await fetch(`${address}/v1/workspace`, { headers: { authorization: `Bearer ${secret}` } });
  check(works.status === 200, `the new key answered ${works.status}`);
  await page.reload();
  check(!(await page.content()).includes(secret), "the key list shows the secret");

  await page.click("nav[aria-label=Settings] a:text('Webhooks')");
  await accessible(page, axe);
  await page.fill("#f-url", "https://hooks.northlight.example/cutis");
  await page.fill("#f-events", "treatment.published, treatment.unpublished");
  await page.fill("#f-description", "Rebuild the website");
  await submit("form[action$='/settings/webhooks']");
  check((await page.inputValue("#once-secret")).startsWith("whsec_"), "the new webhook shows no secret");
  await accessible(page, axe);
  await page.click("a:text('The new webhook')");
  await accessible(page, axe);
  await submit("form[action$='/ping']");
  check((await page.textContent("table")).includes("webhook.ping"), "the delivery log lists no ping");
  await accessible(page, axe);
  await shot(page, "settings-deliveries");

  await page.click("nav[aria-label=Settings] a:text('Workspace')");
  await accessible(page, axe);
  await page.fill("#f-cors_origins", "https://www.northlight.example");
  await page.fill("#f-locales", "en\nnot a locale!");
  await submit("form[action$='/settings/workspace']");
  check(await page.isVisible("#f-locales-error"), "a bad locale shows no error at its field");
  await accessible(page, axe);
  await page.fill("#f-locales", (await page.inputValue("#f-locales")).replace("not a locale!", "fr"));
  await submit("form[action$='/settings/workspace']");
  check(await page.isVisible("p.saved"), "saving the workspace did not say so");
  await shot(page, "settings-workspace");

  await page.click("nav[aria-label=Settings] a:text('Review policy')");
  await accessible(page, axe);
  await page.fill("#f-governance-review_valid_months", "0");
  await submit("form[action$='/settings/review-policy']");
  check(await page.isVisible("#f-governance-review_valid_months-error"), "0 months shows no error at its field");
  await accessible(page, axe);
  await page.fill("#f-governance-review_valid_months", "18");
  await page.check("#f-required-aftercare");
  await submit("form[action$='/settings/review-policy']");
  check(await page.isVisible("p.saved"), "saving the review policy did not say so");
  check(await page.isChecked("#f-required-aftercare"), "the required aftercare was not kept");
  await accessible(page, axe);
  await shot(page, "settings-review-policy");

  await page.click("nav[aria-label=Settings] a:text('Claim rules')");
  await accessible(page, axe);
  await page.selectOption("#f-matching", "pattern");
  await page.fill("#f-pattern", "(miracle");
  await page.fill("#f-reason", "Nothing a clinic offers is a miracle.");
  await submit("form[action$='/settings/claim-rules']");
  check(await page.isVisible("#f-pattern-error"), "a bad pattern shows no error at its field");
  await accessible(page, axe);
  await page.selectOption("#f-matching", "phrase");
  await page.fill("#f-pattern", "miracle skin");
  await page.selectOption("#f-severity", "block");
  await submit("form[action$='/settings/claim-rules']");
  check(await page.isVisible("p.saved"), "adding a claim rule did not say so");
  check((await page.textContent("table")).includes("miracle skin"), "the new claim rule is not listed");
  await accessible(page, axe);
  await shot(page, "settings-claim-rules");
  await page.click("a[aria-label='Edit the rule “miracle skin”']");
  check((await page.inputValue("#f-pattern")) === "miracle skin", "the rule's page does not show its phrase");
  await accessible(page, axe);
  console.log("ok: the owner's settings screens show secrets once, save the workspace, the review policy and a claim rule, and pass axe-core");
  await context.close();
}

// A 2×2 PNG, drawn here, for the upload.
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4EWADRAwQCgAnbgVRZO/EWgAAAABJRU5ErkJggg==";

// The media library, as the editor of `page` uses it: an upload, then its alt text saved.
async function checkMedia(page, axe) {
  await page.click("header nav a:text('Media')");
  await accessible(page, axe);
  await page.setInputFiles("#f-file", { name: "pen.png", mimeType: "image/png", buffer: Buffer.from(PNG, "base64") });
  await page.fill("#f-alt", "A microneedling pen");
  await Promise.all([page.waitForNavigation(), page.click("form[enctype='multipart/form-data'] button")]);
  check(await page.isVisible("p.saved"), "the upload did not say it was uploaded");
  check(await page.evaluate(() => document.querySelector("main img").naturalWidth) === 2, "the uploaded image does not show");
  await accessible(page, axe);
  await page.fill("#f-caption", "The pen used at every clinic");
  await Promise.all([page.waitForNavigation(), page.click("form.editor .save-bar button")]);
  check((await page.inputValue("#f-caption")) === "The pen used at every clinic", "the caption was not saved");
  await page.click("a:text('All media')");
  check((await page.textContent("table.entries")).includes("A microneedling pen"), "the library does not list the upload");
  await accessible(page, axe);
  console.log("ok: an image is uploaded from the media library, shown, and its caption saved; axe-core passes");
}

// The condition and clinic pages of the demo library, as the editor of `page` uses them.
async function checkConditionsAndClinics(page, axe, address, owner) {
  await page.click("header nav a:text('Conditions')");
  await accessible(page, axe);
  await page.click("a:text('Hyperpigmentation')");
  check((await page.inputValue("#f-synonyms")).length > 0, "the condition's synonyms are not in its editor");
  await accessible(page, axe);
  await saveByKeyboard(page, "#f-summary", " Sunscreen every day keeps new spots from forming.");
  check(await page.isVisible("p.saved"), "a save by keyboard alone did not say it was saved");
  check((await page.inputValue("#f-summary")).endsWith("from forming."), "the keyboard's text was not saved");
  page.once("dialog", (dialog) => dialog.accept());
  await Promise.all([page.waitForNavigation(), page.click("form.delete button")]);
  const refusal = await page.textContent(".problem");
  check(refusal.includes("microneedling"), `a linked condition's refused delete says: ${refusal}`);
  await accessible(page, axe);
  console.log("ok: a condition's editor, saved by keyboard alone, and a refused delete naming who links to it");

  await page.click("header nav a:text('Clinics')");
  await accessible(page, axe);
  await page.click("a:text('Northlight Medical Aesthetics Scarborough')");
  await accessible(page, axe);
  await page.click("a:text('Add an offering')");
  await page.fill("#f-treatment", "lumiere-peel");
  await page.fill("#f-price_from-currency", "CAD");
  await Promise.all([page.waitForNavigation(), page.click("form.editor .save-bar button")]);
  check(await page.isVisible("#f-price_from-amount-error"), "a price without its amount is not refused at the amount");
  await accessible(page, axe);
  await page.fill("#f-price_from-amount", "12900");
  await page.fill("#f-notes", "Booked as a lunchtime visit.");
  await save(page);
  check(await page.isVisible("p.saved"), "adding the offering did not say it was saved");
  await page.click(".facts a");
  check((await page.textContent("section.offerings")).includes("129.00 CAD"), "the clinic does not list the new offering");
  await page.locator("section.offerings").scrollIntoViewIfNeeded();
  await shot(page, "clinic");
  const clinics = await api(address, "GET", "/admin/v1/workspaces/demo/clinics?q=scarborough", owner);
  const offerings = await api(address, "GET", `/admin/v1/workspaces/demo/clinics/${clinics.items[0].id}/offerings?treatment=lumiere-peel`, owner);
  check(offerings.items[0]?.price_from?.amount === 12900, `the offering stored is ${JSON.stringify(offerings.items)}`);
  console.log("ok: a clinic's offering is added from its page, its half price refused at the field");
}
