// The delivery query a clinic website's treatment page makes, typed by graphql-codegen.
import { graphql } from "../../generated/graphql/delivery/index.js";

export const TreatmentPage = graphql(`
  query TreatmentPage($slug: String!, $locale: String) {
    treatment(slug: $slug, locale: $locale) {
      name
      locale
      summary
      sessions {
        min
        max
      }
      conditions {
        slug
        name
      }
      faqs {
        question
        answer
      }
    }
  }
`);

// The site's search box: hits with a marked excerpt, each reaching its treatment.
export const SearchBox = graphql(`
  query SearchBox($q: String!, $locale: String) {
    search(q: $q, locale: $locale, first: 5) {
      edges {
        node {
          kind
          slug
          snippetHtml
          matched {
            field
            via
            how
          }
          treatment {
            name
            sessions {
              min
              max
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
