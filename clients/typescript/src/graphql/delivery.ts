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
