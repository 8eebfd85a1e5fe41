// Runs a typed document (graphql-codegen's client preset, documentMode "string") with fetch:
// the variables it takes and the data it answers are the document's own types.
import type { DocumentTypeDecoration } from "@graphql-typed-document-node/core";

/** A GraphQL error as Cutis sends it: `extensions.code` is REST's problem `code`. */
export interface GraphQLError {
  message: string;
  extensions?: { code?: string; currentVersion?: number };
}

export type Answer<TResult> =
  | { data: TResult; errors?: undefined }
  | { data?: null; errors: GraphQLError[] };

export async function execute<TResult, TVariables>(
  url: string,
  credential: string,
  document: DocumentTypeDecoration<TResult, TVariables>,
  variables: TVariables,
): Promise<Answer<TResult>> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${credential}`,
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
    },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  // Cutis answers 200 whatever errors a request carries; anything else is no GraphQL answer.
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Answer<TResult>;
}
