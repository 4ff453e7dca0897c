import { render } from "preact";
import "uplot/dist/uPlot.min.css";
import "./style.css";
import { App } from "./app.js";
import { loadConfig } from "./data/config.js";

const root = document.getElementById("app")!;
root.textContent = ""; // the static "Loading…" placeholder
loadConfig().then(
  (config) => render(<App config={config} />, root),
  (err: unknown) => render(<p role="alert">Cannot load the dashboard's configuration: {String(err)}</p>, root),
);
