// The GraphQL explorer Cutis serves at GET /graphql and GET /admin/graphql: write a query, run
// it with a key or token, read the schema's documentation. Our own code, served by the binary,
// so the page works offline and loads nothing from another host.
"use strict";

(function () {
  const endpoint = document.body.dataset.endpoint;
  const $ = (id) => document.getElementById(id);
  const query = $("query");
  const variables = $("variables");
  const token = $("token");
  const result = $("result");
  const docs = $("docs");
  const tokenKey = "cutis-explorer-token:" + endpoint;

  token.value = sessionStorage.getItem(tokenKey) || "";
  token.addEventListener("input", () => sessionStorage.setItem(tokenKey, token.value.trim()));

  // A schema's types by name, once the documentation has been read.
  let types = null;

  async function post(body) {
    const headers = { "content-type": "application/json", accept: "application/json" };
    const credential = token.value.trim();
    if (credential) headers.authorization = "Bearer " + credential;
    const response = await fetch(endpoint, { method: "POST", headers, body: JSON.stringify(body) });
    const text = await response.text();
    try {
      return { status: response.status, json: JSON.parse(text) };
    } catch (_) {
      return { status: response.status, json: { errors: [{ message: text }] } };
    }
  }

  async function run() {
    let vars = {};
    const raw = variables.value.trim();
    if (raw) {
      try {
        vars = JSON.parse(raw);
      } catch (error) {
        show({ errors: [{ message: "Variables are not valid JSON: " + error.message }] });
        return;
      }
    }
    result.setAttribute("aria-busy", "true");
    try {
      const answer = await post({ query: query.value, variables: vars });
      show(answer.json);
    } catch (error) {
      show({ errors: [{ message: "The request failed: " + error.message }] });
    } finally {
      result.removeAttribute("aria-busy");
    }
  }

  function show(json) {
    result.textContent = JSON.stringify(json, null, 2);
  }

  // Deep enough for lists of non-null types (`[Treatment!]!`), shallow enough for the limits.
  const typeRef = "kind name ofType { kind name ofType { kind name ofType { kind name } } }";
  const introspection =
    "query CutisExplorerSchema { __schema { queryType { name } mutationType { name } " +
    "types { kind name description " +
    "fields { name description args { name description type { " + typeRef + " } } type { " + typeRef + " } } " +
    "inputFields { name description type { " + typeRef + " } } " +
    "enumValues { name description } } } }";

  async function openDocs() {
    docs.hidden = false;
    if (types) return;
    docs.textContent = "Reading the schema…";
    const answer = await post({ query: introspection });
    const schema = answer.json && answer.json.data && answer.json.data.__schema;
    if (!schema) {
      docs.textContent = "";
      docs.append(paragraph("The schema could not be read: " + firstError(answer.json)));
      return;
    }
    types = new Map(schema.types.map((type) => [type.name, type]));
    const roots = [schema.queryType, schema.mutationType].filter(Boolean).map((root) => root.name);
    describe(roots[0], roots);
  }

  function firstError(json) {
    return (json && json.errors && json.errors[0] && json.errors[0].message) || "no answer";
  }

  function paragraph(text) {
    const p = document.createElement("p");
    p.textContent = text;
    return p;
  }

  function typeName(ref) {
    if (ref.kind === "NON_NULL") return typeName(ref.ofType) + "!";
    if (ref.kind === "LIST") return "[" + typeName(ref.ofType) + "]";
    return ref.name;
  }

  function namedType(ref) {
    return ref.ofType ? namedType(ref.ofType) : ref.name;
  }

  function typeLink(ref) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "type";
    button.textContent = typeName(ref);
    button.addEventListener("click", () => describe(namedType(ref)));
    return button;
  }

  // Shows one type: its fields (with arguments), input fields or enum values.
  function describe(name, roots) {
    const type = types.get(name);
    docs.textContent = "";
    const nav = document.createElement("nav");
    for (const root of roots || []) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = root;
      button.addEventListener("click", () => describe(root, roots));
      nav.append(button);
    }
    if (!roots) {
      const back = document.createElement("button");
      back.type = "button";
      back.textContent = "Query";
      back.addEventListener("click", () => describe("Query", ["Query", "Mutation"].filter((r) => types.has(r))));
      nav.append(back);
    }
    const heading = document.createElement("h2");
    heading.textContent = name;
    docs.append(nav, heading);
    if (!type) return;
    if (type.description) docs.append(paragraph(type.description));
    const list = document.createElement("dl");
    for (const field of type.fields || type.inputFields || []) {
      const term = document.createElement("dt");
      term.append(field.name);
      if (field.args && field.args.length) {
        term.append("(");
        field.args.forEach((arg, index) => {
          if (index) term.append(", ");
          term.append(arg.name + ": ", typeLink(arg.type));
        });
        term.append(")");
      }
      term.append(": ", typeLink(field.type));
      const detail = document.createElement("dd");
      detail.textContent = field.description || "";
      list.append(term, detail);
    }
    for (const value of type.enumValues || []) {
      const term = document.createElement("dt");
      term.textContent = value.name;
      const detail = document.createElement("dd");
      detail.textContent = value.description || "";
      list.append(term, detail);
    }
    docs.append(list);
  }

  $("run").addEventListener("click", run);
  $("open-docs").addEventListener("click", openDocs);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
})();
