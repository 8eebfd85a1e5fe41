// TypeScript types for the two GraphQL schemas, introspected over HTTP from the server (the
// delivery schema with a delivery key, the admin schema with an access token), and typed
// documents for the operations in src/graphql/{delivery,admin}.ts, with graphql-codegen's
// client preset. A document the schema does not validate fails here.
import { generate } from "@graphql-codegen/cli";

import { accessToken, address, deliveryKey } from "./server.mjs";

const config = {
  // The scalars each schema declares; another one fails the run instead of becoming `any`.
  strictScalars: true,
  scalars: { DateTime: "string", UUID: "string", JSON: "unknown" },
  documentMode: "string",
  useTypeImports: true,
  enumsAsTypes: true,
};

function target(path, credential, documents) {
  return {
    schema: [{ [`${address}${path}`]: { headers: { authorization: `Bearer ${credential}` } } }],
    documents,
    preset: "client",
    presetConfig: { fragmentMasking: false },
    config,
  };
}

await generate(
  {
    overwrite: true,
    // Relative imports end in .js, as Node's ES modules (and tsc for them) need.
    emitLegacyCommonJSImports: false,
    silent: true,
    generates: {
      "generated/graphql/delivery/": target("/graphql", deliveryKey(), ["src/graphql/delivery.ts"]),
      "generated/graphql/admin/": target("/admin/graphql", await accessToken(), [
        "src/graphql/admin.ts",
      ]),
    },
  },
  true,
);
console.log("generated/graphql/{delivery,admin}/ from the served schemas");
