// Child script of test/hardening/childCleanup.test.ts: starts one long-lived tracked child, prints
// its pid, then ends the way argv[2] says (an uncaught error, process.exit, or waiting for a signal).
// The test runner loads every file under test/ as a module: only run as the main script does it act.
import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import { trackChild } from "./indexerProcess.js";

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const child = trackChild(spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" }));
  console.log(child.pid);
  const how = process.argv[2];
  if (how === "throw") setTimeout(() => Promise.reject(new Error("a harness step failed")), 100);
  else if (how === "exit") setTimeout(() => process.exit(1), 100);
  else setInterval(() => {}, 1000); // "signal": until SIGTERM
}
