// The admin mutations an editor's tool makes: create a draft condition, then submit it for
// medical review at the version it was created at.
import { graphql } from "../../generated/graphql/admin/index.js";

export const CreateCondition = graphql(`
  mutation CreateCondition($workspace: String!, $slug: String!, $name: String!) {
    createCondition(workspace: $workspace, input: { slug: $slug, name: $name }) {
      id
      slug
      version
    }
  }
`);

export const SubmitCondition = graphql(`
  mutation SubmitCondition($workspace: String!, $id: UUID!, $expectedVersion: Int!) {
    submitCondition(workspace: $workspace, id: $id, expectedVersion: $expectedVersion) {
      version
      status
    }
  }
`);
