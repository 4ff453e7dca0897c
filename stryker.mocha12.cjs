// Preloaded by `npm run test:mutation` (NODE_OPTIONS=--require) in Stryker and its test runners.
// @stryker-mutator/mocha-runner 10.0.0 requires mocha's CLI helpers without an extension
// (`mocha/lib/cli/run-helpers`), and mocha 12 ships them as `.cjs` files, which Node's CommonJS
// resolver does not try. Registering `.cjs` as a CommonJS extension lets those requires resolve.
"use strict";
const Module = require("node:module");
if (!Module._extensions[".cjs"]) Module._extensions[".cjs"] = Module._extensions[".js"];
