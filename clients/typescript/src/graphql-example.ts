// A clinic website and an editor's tool talking to Cutis's GraphQL APIs with documents typed by
// graphql-codegen from the schemas the server serves (`npm run generate:graphql`).
//
//   CUTIS_KEY=cutis_live_... CUTIS_PASSWORD=... npm run graphql-example
import createClient from "openapi-fetch";

import type { paths } from "../generated/cutis-api.js";
import { CreateCondition, SubmitCondition } from "./graphql/admin.js";
import { SearchBox, TreatmentPage } from "./graphql/delivery.js";
import { execute } from "./graphql/execute.js";
import { expect, failed, settings } from "./settings.js";

const { address, workspace, key, email, password } = settings();

const page = await execute(`${address}/graphql`, key, TreatmentPage, {
  slug: "microneedling",
  locale: "fr",
});
expect(page.data?.treatment, `microneedling is published: ${JSON.stringify(page.errors)}`);
const { treatment } = page.data;
expect(treatment.locale === "fr", "the treatment is served in French");
const { faqs, conditions } = treatment;
console.log(`${treatment.name}: ${faqs.length} FAQs, for ${conditions.length} conditions`);

const searched = await execute(`${address}/graphql`, key, SearchBox, { q: "cicatrices", locale: "fr" });
expect(searched.data, `the search answers: ${JSON.stringify(searched.errors)}`);
const hits = searched.data.search.edges.map((edge) => edge.node);
const treated = hits.find((hit) => hit.treatment !== null && hit.treatment !== undefined);
expect(treated?.treatment, "cicatrices finds a treatment");
console.log(`search "cicatrices" (fr): ${treated.treatment.name}, ${treated.matched[0].via}`);

const signIn = await createClient<paths>({ baseUrl: address }).POST("/v1/auth/login", {
  body: { email, password },
});
if (!signIn.data) failed("sign in", signIn.response, signIn.error);
const token = signIn.data.access_token;
const admin = `${address}/admin/graphql`;

const created = await execute(admin, token, CreateCondition, {
  workspace,
  slug: `example-graphql-${Date.now().toString(36)}`,
  name: "Example condition",
});
expect(created.data, `the condition is created: ${JSON.stringify(created.errors)}`);
const { id, version } = created.data.createCondition;

const step = { workspace, id, expectedVersion: version };
const submitted = await execute(admin, token, SubmitCondition, step);
expect(submitted.data, `the condition is submitted: ${JSON.stringify(submitted.errors)}`);
const { status, version: current } = submitted.data.submitCondition;
console.log(`submitted condition ${created.data.createCondition.slug}: ${status}`);

// Submitting again at the version it was created at names the version that is current now.
const stale = await execute(admin, token, SubmitCondition, step);
const mismatch = stale.errors?.[0]?.extensions;
expect(mismatch?.code === "VERSION_MISMATCH", `stale is refused: ${JSON.stringify(stale)}`);
expect(mismatch.currentVersion === current, "the error names the current version");
console.log(`a stale expectedVersion got VERSION_MISMATCH, current version ${current}`);
