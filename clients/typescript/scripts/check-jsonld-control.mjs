// Shows that the JSON-LD check can fail: the first generated document, with a property
// schema.org does not define on MedicalTherapy, must be refused by the same `tsc --strict`
// that accepts the documents as served. Run after generate:jsonld.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const served = readFileSync("generated/jsonld/treatments.ts", "utf8");
const therapy = '"@type": "MedicalTherapy",';
if (!served.includes(therapy)) throw new Error("generated/jsonld/treatments.ts has no therapy");
mkdirSync("generated/control", { recursive: true });
writeFileSync(
  "generated/control/treatments.ts",
  served.replace(therapy, `${therapy} "sessionsNeeded": 4,`),
);

let output = "";
try {
  execFileSync("npx", ["tsc", "--project", "tsconfig.control.json"], { encoding: "utf8" });
} catch (failure) {
  output = `${failure.stdout}${failure.stderr}`;
}
if (!output.includes("'\"sessionsNeeded\"' does not exist in type 'MedicalTherapyLeaf'")) {
  throw new Error(`tsc accepted a property schema.org does not define:\n${output}`);
}
console.log("a property schema.org does not define fails the JSON-LD check, as it should");
