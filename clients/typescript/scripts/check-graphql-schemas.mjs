// The served GraphQL schemas as graphql-js sees them: each answers graphql-js's standard
// introspection query (getIntrospectionQuery() at its default settings, as GraphiQL and
// graphql-codegen send it), and the schema built from the answer passes validateSchema.
import { buildClientSchema, getIntrospectionQuery, validateSchema } from "graphql";

import { accessToken, deliveryKey, request } from "./server.mjs";

async function check(path, credential) {
  const answer = await request(path, { query: getIntrospectionQuery() }, credential);
  if (answer.errors) throw new Error(`${path}: introspection: ${JSON.stringify(answer.errors)}`);
  const schema = buildClientSchema(answer.data);
  const problems = validateSchema(schema);
  if (problems.length > 0) {
    const messages = problems.map((problem) => `  ${problem.message}`).join("\n");
    throw new Error(`${path}: invalid schema:\n${messages}`);
  }
  const types = Object.keys(schema.getTypeMap()).filter((name) => !name.startsWith("__"));
  console.log(`${path}: a valid schema of ${types.length} types`);
}

await check("/graphql", deliveryKey());
await check("/admin/graphql", await accessToken());
