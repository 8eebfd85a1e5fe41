// A mobile app's treatment screen as urql asks for it with Automatic Persisted Queries
// (@urql/exchange-persisted, preferring GET): the first request names the query by its SHA-256
// alone, Cutis answers that it does not know it, urql sends the query once, and from then on
// the hash alone is a GET a CDN can cache.
//
//   CUTIS_KEY=cutis_live_... CUTIS_PASSWORD=... npm run persisted-example
import { Client, fetchExchange } from "@urql/core";
import { persistedExchange } from "@urql/exchange-persisted";

import { TreatmentPage } from "./graphql/delivery.js";
import type { TreatmentPageQuery } from "../generated/graphql/delivery/graphql.js";
import { expect, settings } from "./settings.js";

const { address, key } = settings();

interface Sent {
  method: string;
  /** Whether the request carried the query text, not only its hash. */
  withQuery: boolean;
  status: number;
  cacheControl: string;
}

const sent: Sent[] = [];
const recording: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = new URL(input instanceof Request ? input.url : input.toString());
  const body = typeof init?.body === "string" ? init.body : "";
  sent.push({
    method: init?.method ?? "GET",
    withQuery: url.searchParams.has("query") || body.includes('"query"'),
    status: response.status,
    cacheControl: response.headers.get("cache-control") ?? "",
  });
  return response;
};

const client = new Client({
  url: `${address}/graphql`,
  fetch: recording,
  fetchOptions: { headers: { authorization: `Bearer ${key}` } },
  exchanges: [persistedExchange({ preferGetForPersistedQueries: true }), fetchExchange],
  requestPolicy: "network-only",
});

const variables = { slug: "microneedling", locale: "en" };
const screen = async () => {
  const result = await client.query<TreatmentPageQuery>(TreatmentPage.toString(), variables);
  expect(result.data?.treatment, `the treatment is served: ${result.error?.message}`);
  return result.data.treatment;
};

const first = await screen();
const again = await screen();
expect(again.name === first.name, "the persisted query answers what the full one did");

const [unknown, registered, ...byHash] = sent;
expect(unknown && !unknown.withQuery && unknown.method === "GET", "urql first sends the hash alone");
expect(registered?.withQuery, "after PersistedQueryNotFound, urql sends the query once");
const last = byHash.at(-1);
expect(last && !last.withQuery && last.method === "GET", "then the hash alone, over GET");
expect(last.status === 200 && last.cacheControl.startsWith("public"), `cacheable: ${JSON.stringify(last)}`);
console.log(
  `persisted query: ${sent.length} requests (${sent.map((s) => (s.withQuery ? "query" : "hash")).join(", ")}),` +
    ` the last a GET by hash answered "${last.cacheControl}"`,
);
